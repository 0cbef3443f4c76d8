package cn.hazchain.support;

import static cn.hazchain.support.Api.as;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.Map;

/** Asking for a plan as a client does: POST, 202 with the job's Location, then GET it until it is DONE or FAILED. */
public final class PlanningJobs {

    private PlanningJobs() {
    }

    /** The finished job (DONE or FAILED) behind a 202 answer, polled as the given user. */
    public static JsonPath await(String username, Response accepted) {
        accepted.then().statusCode(202);
        return await(username, accepted.header("Location"));
    }

    /** The job at this location once it is DONE or FAILED, polled as the given user. */
    public static JsonPath await(String username, String location) {
        long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < end) {
            JsonPath job = as(username).get(location).then().statusCode(200).extract().jsonPath();
            if ("DONE".equals(job.getString("state")) || "FAILED".equals(job.getString("state"))) {
                return job;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("planning job " + location + " did not finish in 90 s");
    }

    /** The plan a job made: POSTs the body to the path as the user and waits for the job to be DONE. */
    public static JsonPath plan(String username, String path, Map<String, Object> body) {
        JsonPath job = await(username, as(username).body(body).post(path));
        if (!"DONE".equals(job.getString("state"))) {
            throw new AssertionError("planning job failed: " + job.prettify());
        }
        return JsonPath.from(as(username).get("/api/round-plans/" + job.getLong("planId")).then().statusCode(200).extract().asString());
    }
}
