from __future__ import annotations

from rest_framework import serializers

from ..models import Kind, Notification


class NotificationSerializer(serializers.ModelSerializer):
    # A plain string in the schema: "kind" names other choice sets in other apps.
    kind = serializers.CharField(read_only=True, help_text=", ".join(Kind.values))
    is_read = serializers.BooleanField(read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "url", "target_type", "target_id", "created_at", "read_at", "is_read"]
        read_only_fields = fields


class ReadAllResultSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="How many notifications were unread.")
