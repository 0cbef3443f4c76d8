package cn.hazchain.planning;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response shapes of the round planning API. */
public final class PlanningDtos {

    private PlanningDtos() {
    }

    static final String TIME = "^([01][0-9]|2[0-3]):[0-5][0-9]$";

    @Schema(description = "Plan a collector's day from its accepted and scheduled pickup requests. requestId makes a resend safe.")
    public record NewPlan(
            @NotNull UUID requestId,
            @NotNull LocalDate date,
            @Schema(description = "Where every round starts and ends and the waste is unloaded: a storage point of the collector (default: its first).")
            Long storagePointId,
            @NotEmpty @Size(max = 50) List<@Valid @NotNull VehicleShift> vehicles,
            @Size(max = 500) List<@Valid @NotNull Pin> pins,
            @Min(1) @Max(60) @Schema(description = "Seconds the solver may search (default 10, at most the configured maximum).") Integer seconds) {
    }

    @Schema(description = "A vehicle and its driver's shift for the day (default 08:00-17:30).")
    public record VehicleShift(@NotNull Long vehicleId, @NotNull Long driverUserId, @Pattern(regexp = TIME) String shiftStart,
                               @Pattern(regexp = TIME) String shiftEnd) {
    }

    @Schema(description = "The operator's decision: this request's stop goes on this vehicle (a move is a pin to another vehicle),"
            + " and, when position is given, as that visit of the vehicle's round (1 = the first stop after leaving the storage point).")
    public record Pin(@NotNull Long pickupRequestId, @NotNull Long vehicleId, @Min(1) @Max(100) Integer position) {

        public Pin(Long pickupRequestId, Long vehicleId) {
            this(pickupRequestId, vehicleId, null);
        }
    }

    @Schema(description = "Plan the same day again, keeping the vehicles and shifts, with the operator's pins.")
    public record Replan(@NotNull UUID requestId, @Size(max = 500) List<@Valid @NotNull Pin> pins, @Min(1) @Max(60) Integer seconds) {
    }

    public record PlannedStop(int seq, long generatorPartyId, String generatorName, String plannedArrival, List<Long> pickupRequestIds,
                              List<String> codes, BigDecimal kg, long litres, String window, boolean pinned,
                              @Schema(description = "The visit the operator pinned this stop to, if any.") Integer pinnedSeq) {
    }

    public record PlannedRound(long roundId, long vehicleId, String plate, long driverUserId, String shift, long metres, BigDecimal kg, long litres,
                               String back, List<PlannedStop> stops) {
    }

    public record Unplanned(long pickupRequestId, long generatorPartyId, String reason) {
    }

    public record PlanView(long id, LocalDate date, long collectorPartyId, long storagePointId, long storageRoomKg, String score, long metres,
                           int plannedRequests, int unplannedRequests, List<String> broken, Long firstFeasibleMs, long solveMs,
                           Long replacesPlanId, Instant createdAt, Instant supersededAt, List<PlannedRound> rounds, List<Unplanned> unplanned) {
    }

    public record FleetVehicle(long id, String plate, int capacityKg, Integer capacityLitres) {
    }

    public record FleetDriver(long userId, String username, String displayName) {
    }

    @Schema(description = "What a plan can use: the collector's vehicles and active drivers.")
    public record Fleet(List<FleetVehicle> vehicles, List<FleetDriver> drivers) {
    }

    @Schema(description = "How far a running job is: milliseconds spent of its seconds, the best score found so far (hard/medium/soft).")
    public record JobProgress(long millisSpent, int secondsLimit, String bestScore) {
    }

    @Schema(description = "A planning job: QUEUED, RUNNING (with its progress), DONE (with its plan) or FAILED (with the problem, as an"
            + " error answer would carry it). A job interrupted by a restart is queued again and solved from the start, once;"
            + " interrupted twice it is FAILED (planning-interrupted).")
    public record JobView(long id, String state, LocalDate date, Long replacesPlanId, int attempts, JobProgress progress, Long planId,
                          PlanView plan, Object problem, Instant createdAt, Instant startedAt, Instant finishedAt) {
    }
}
