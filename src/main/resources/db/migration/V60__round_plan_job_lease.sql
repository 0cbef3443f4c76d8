-- A planning job's lease (review of issue #17 leftovers, #6): a claimed job holds its worker's lease until the longest
-- its transaction may last (the solver's limit plus the write) and a margin. A job still RUNNING after its lease ran
-- out was lost by its worker (a thread that died, a failure that could not be recorded): the worker's poll queues it
-- again, or fails it when it has already started hazchain.planning.job-attempts times, as a restart does.
ALTER TABLE round_plan_job ADD COLUMN lease_until timestamptz;
CREATE INDEX round_plan_job_lease_idx ON round_plan_job (lease_until) WHERE state = 'RUNNING';
