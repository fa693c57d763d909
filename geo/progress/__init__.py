"""Progress supervision (进展督办): reporting periods, deadlines read from a plan's table, status lights computed
for any as-of date, and the status snapshot that the map, the briefing, the report and the CLI show.

Rules live in data/progress.json (statuses, cycles, light rules with a version); the writes (milestones, reports,
reviews, the reporting cycle) go through the service layer in geo/store/progress_service.py."""
