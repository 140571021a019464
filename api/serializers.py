"""What the API reads and writes. Input serializers refuse fields they do not know
(a typo must not be silently dropped)."""

from django.utils.translation import gettext as _
from rest_framework import serializers

from assessments.models import Assignment, BankVersion, Campaign
from talent.models import Department, Employee, Position


class StrictInput(serializers.Serializer):
    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({
                    name: [_("Unknown field.")] for name in unknown})
        return super().to_internal_value(data)


class DepartmentSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    head = serializers.SlugRelatedField(slug_field="employee_id", read_only=True,
                                        allow_null=True)

    class Meta:
        model = Department
        fields = ["code", "name", "name_zh", "parent", "head"]


class PositionSerializer(serializers.ModelSerializer):
    department = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Position
        fields = ["code", "title", "title_zh", "department", "function", "need_execution",
                  "need_compression"]


class EmployeeSerializer(serializers.ModelSerializer):
    department = serializers.SlugRelatedField(slug_field="code", read_only=True)
    position = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    manager = serializers.SlugRelatedField(slug_field="employee_id", read_only=True,
                                           allow_null=True)

    class Meta:
        model = Employee
        fields = ["employee_id", "name", "email", "department", "position", "manager",
                  "active", "hire_date"]


class FunnelStageSerializer(serializers.Serializer):
    assigned = serializers.IntegerField()
    invited = serializers.IntegerField()
    started = serializers.IntegerField()
    submitted = serializers.IntegerField()
    scored = serializers.IntegerField()


class FunnelDepartmentSerializer(FunnelStageSerializer):
    department = serializers.CharField(allow_null=True)
    depth = serializers.IntegerField()


class FunnelSerializer(serializers.Serializer):
    overall = FunnelStageSerializer()
    departments = FunnelDepartmentSerializer(many=True)


class CampaignSerializer(serializers.ModelSerializer):
    bank = serializers.CharField(source="bank_version.bank.code", read_only=True)
    bank_version = serializers.IntegerField(source="bank_version.number", read_only=True)
    departments = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    positions = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Campaign
        fields = ["id", "name", "name_zh", "status", "bank", "bank_version", "opens_at",
                  "closes_at", "launched_at", "closed_at", "audience_all", "departments",
                  "positions", "notice_version", "created_at"]


class CampaignDetailSerializer(CampaignSerializer):
    funnel = FunnelSerializer(read_only=True, allow_null=True)

    class Meta(CampaignSerializer.Meta):
        fields = [*CampaignSerializer.Meta.fields, "funnel"]


class CampaignInput(StrictInput):
    name = serializers.CharField(max_length=200)
    name_zh = serializers.CharField(max_length=200, required=False, allow_blank=True,
                                    default="", help_text="The name in Chinese (optional).")
    bank = serializers.SlugField(max_length=32, help_text="The question bank's code.")
    bank_version = serializers.IntegerField(min_value=1)
    opens_at = serializers.DateTimeField(required=False, allow_null=True)
    closes_at = serializers.DateTimeField(required=False, allow_null=True)
    audience_all = serializers.BooleanField(default=False)
    departments = serializers.ListField(child=serializers.CharField(max_length=32),
                                        required=False, default=list, max_length=1000)
    positions = serializers.ListField(child=serializers.CharField(max_length=32),
                                      required=False, default=list, max_length=1000)
    notice_version = serializers.CharField(max_length=32, required=False)

    def validate(self, data):
        errors = {}
        data["bank_version"] = BankVersion.objects.filter(
            bank__code=data.pop("bank"), number=data["bank_version"]).first()
        if data["bank_version"] is None:
            errors["bank_version"] = _("No such bank version.")
        for name, model in (("departments", Department), ("positions", Position)):
            codes = set(data[name])
            found = list(model.objects.filter(code__in=codes))
            missing = codes - {obj.code for obj in found}
            if missing:
                errors[name] = _("Unknown codes: %(codes)s.") % {
                    "codes": ", ".join(sorted(missing))}
            data[name] = found
        if errors:
            raise serializers.ValidationError(errors)
        return data


class AssignmentSerializer(serializers.ModelSerializer):
    employee_id = serializers.CharField(source="employee.employee_id", read_only=True)
    department = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    position = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Assignment
        fields = ["id", "employee_id", "status", "department", "position", "invited_at",
                  "started_at", "submitted_at"]


class ScaleScoreSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    t = serializers.FloatField(allow_null=True)
    band_low = serializers.FloatField(allow_null=True)
    band_high = serializers.FloatField(allow_null=True)
    scorable = serializers.BooleanField()


class BankVersionRefSerializer(serializers.Serializer):
    bank = serializers.CharField()
    number = serializers.IntegerField()


class NormGroupRefSerializer(serializers.Serializer):
    name = serializers.CharField()
    number = serializers.IntegerField()
    n = serializers.IntegerField()
    provisional = serializers.BooleanField()


class SpecRefSerializer(serializers.Serializer):
    version = serializers.CharField()
    hash = serializers.CharField()


class ResultSerializer(serializers.Serializer):
    """Serialises the dicts of assessments.reports.released.result_document."""

    id = serializers.IntegerField()
    employee_id = serializers.CharField()
    campaign = serializers.IntegerField()
    family = serializers.ChoiceField(choices=["execution", "compression", "undetermined"])
    family_label = serializers.CharField()
    probability_execution = serializers.FloatField(allow_null=True)
    validity = serializers.ChoiceField(choices=["valid", "questionable", "invalid"])
    validity_label = serializers.CharField()
    validity_notes = serializers.ListField(child=serializers.CharField())
    scales = ScaleScoreSerializer(many=True)
    bank_version = BankVersionRefSerializer()
    norm_group = NormGroupRefSerializer()
    spec = SpecRefSerializer()
    computed_at = serializers.DateTimeField()


class ScoringRunSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    campaign = serializers.IntegerField(source="campaign_id")
    status = serializers.CharField()
