from django.contrib import admin

from laget.organisations.models import (
    Collaboration,
    Decision,
    Group,
    GroupMembership,
    Membership,
    Organisation,
    Unit,
)


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 0


class SeatInline(admin.TabularInline):
    model = GroupMembership
    extra = 0


@admin.register(Collaboration)
class CollaborationAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality"]
    filter_horizontal = ["local_police_areas"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    inlines = [UnitInline]
    filter_horizontal = ["collaborations"]


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "collaboration"]
    inlines = [SeatInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "organisation", "collaboration", "county", "is_active"]
    list_filter = ["role", "collaboration", "county"]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["title", "collaboration", "decided_on", "info_class"]
