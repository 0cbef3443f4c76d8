package cn.hazchain.planning;

/**
 * Distances and driving times between the places of one planning problem, by index. {@link GreatCircleMatrix}
 * estimates them from coordinates; a road-network matrix (distances along roads, from a routing engine or a
 * provider's matrix API) implements the same two methods and replaces it without touching the planner.
 */
public interface TravelMatrix {

    /** Metres driven from place {@code from} to place {@code to}. */
    long metres(int from, int to);

    /** Seconds driven from place {@code from} to place {@code to}. */
    int seconds(int from, int to);

    /** How many places the matrix knows. */
    int size();
}
