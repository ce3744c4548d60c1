-- The deadline job moved from Quartz.NET, which kept its schedule in this file (tables qrtz_*, as Quartz 4
-- provisions them for SQLite, its optional history tables included), to Hangfire, whose storage is its
-- own file, jobs.db. IF EXISTS: databases created since never had them. Foreign keys are off while
-- scripts run, so the order does not matter; children come first anyway.
DROP TABLE IF EXISTS qrtz_simple_triggers;
DROP TABLE IF EXISTS qrtz_simprop_triggers;
DROP TABLE IF EXISTS qrtz_cron_triggers;
DROP TABLE IF EXISTS qrtz_blob_triggers;
DROP TABLE IF EXISTS qrtz_fired_triggers;
DROP TABLE IF EXISTS qrtz_triggers;
DROP TABLE IF EXISTS qrtz_job_details;
DROP TABLE IF EXISTS qrtz_calendars;
DROP TABLE IF EXISTS qrtz_paused_trigger_grps;
DROP TABLE IF EXISTS qrtz_paused_job_grps;
DROP TABLE IF EXISTS qrtz_scheduler_state;
DROP TABLE IF EXISTS qrtz_locks;
DROP TABLE IF EXISTS qrtz_job_status;
DROP TABLE IF EXISTS qrtz_execution_history;
DROP TABLE IF EXISTS qrtz_misfire_history;
