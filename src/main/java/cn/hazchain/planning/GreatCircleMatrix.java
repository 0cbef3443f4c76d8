package cn.hazchain.planning;

import java.util.List;

/**
 * Distances from coordinates: the great-circle (haversine) distance times a road factor (roads are longer than the
 * straight line; 1.3 is a usual figure for a county's road network), and times at an average speed. Computed once
 * for all pairs: a day of 300 stops is 90,000 pairs, about a millisecond each thousand.
 */
public final class GreatCircleMatrix implements TravelMatrix {

    public record Point(double latitude, double longitude) {
    }

    static final double EARTH_RADIUS_M = 6_371_008.8;

    private final int n;
    private final long[] metres;
    private final int[] seconds;

    public GreatCircleMatrix(List<Point> points, double roadFactor, double kmPerHour) {
        n = points.size();
        metres = new long[n * n];
        seconds = new int[n * n];
        double metresPerSecond = kmPerHour / 3.6;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                long m = Math.round(greatCircleMetres(points.get(i), points.get(j)) * roadFactor);
                int s = (int) Math.round(m / metresPerSecond);
                metres[i * n + j] = m;
                metres[j * n + i] = m;
                seconds[i * n + j] = s;
                seconds[j * n + i] = s;
            }
        }
    }

    /** The haversine distance in metres. */
    public static double greatCircleMetres(Point a, Point b) {
        double lat1 = Math.toRadians(a.latitude());
        double lat2 = Math.toRadians(b.latitude());
        double dLat = lat2 - lat1;
        double dLon = Math.toRadians(b.longitude() - a.longitude());
        double h = Math.sin(dLat / 2) * Math.sin(dLat / 2) + Math.cos(lat1) * Math.cos(lat2) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
    }

    @Override
    public long metres(int from, int to) {
        return metres[from * n + to];
    }

    @Override
    public int seconds(int from, int to) {
        return seconds[from * n + to];
    }

    @Override
    public int size() {
        return n;
    }
}
