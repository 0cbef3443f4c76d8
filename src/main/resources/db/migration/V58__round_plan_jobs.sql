-- Planning off the request thread (issue #17 leftovers, point 2): POST /api/round-plans and …/replan record a job and
-- answer 202; a bounded worker (hazchain.planning.workers, default 1) claims queued jobs in order, solves and writes
-- the plan in one transaction with the job's DONE. The requestId is the job's: a resend finds the job, never a
-- second one. A job found RUNNING at start-up was interrupted by a restart: it is queued again (resumed from the
-- start: the plan is written only at the end, so nothing half-written exists) once; interrupted twice, it is FAILED.
CREATE TABLE round_plan_job (
    id                  bigserial PRIMARY KEY,
    request_id          uuid NOT NULL UNIQUE,
    collector_party_id  bigint NOT NULL REFERENCES party(id),
    created_by          bigint NOT NULL REFERENCES app_user(id),
    plan_date           date NOT NULL,
    replaces_plan_id    bigint REFERENCES round_plan(id),
    request             jsonb NOT NULL,
    state               text NOT NULL DEFAULT 'QUEUED' CHECK (state IN ('QUEUED', 'RUNNING', 'DONE', 'FAILED')),
    attempts            integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    plan_id             bigint REFERENCES round_plan(id),
    problem             jsonb,
    created_at          timestamptz NOT NULL DEFAULT now(),
    started_at          timestamptz,
    finished_at         timestamptz,
    CHECK ((state = 'DONE') = (plan_id IS NOT NULL)),
    CHECK ((state = 'FAILED') = (problem IS NOT NULL)),
    CHECK ((state IN ('DONE', 'FAILED')) = (finished_at IS NOT NULL))
);
CREATE INDEX round_plan_job_open_idx ON round_plan_job (id) WHERE state IN ('QUEUED', 'RUNNING');
CREATE INDEX round_plan_job_collector_idx ON round_plan_job (collector_party_id, created_at DESC);
