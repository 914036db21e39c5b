from django.contrib import admin

from laget.geography.models import Area, County, LocalPoliceArea, Municipality, PoliceRegion


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    exclude = ["boundary"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "county"]
    list_filter = ["county"]
    search_fields = ["name", "code"]
    exclude = ["boundary"]


@admin.register(PoliceRegion)
class PoliceRegionAdmin(admin.ModelAdmin):
    list_display = ["name"]


@admin.register(LocalPoliceArea)
class LocalPoliceAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "police_region"]
    filter_horizontal = ["municipalities"]


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "collaboration", "is_active"]
    list_filter = ["collaboration", "kind"]
