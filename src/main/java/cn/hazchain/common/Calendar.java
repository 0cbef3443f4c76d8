package cn.hazchain.common;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.HashSet;
import java.util.List;

/** The configured working-day calendar (holidays and 调休 working weekends from {@code hazchain.alerts.*}). */
@ApplicationScoped
public class Calendar {

    @Produces
    @ApplicationScoped
    WorkingDays workingDays(HazChainConfig config) {
        return new WorkingDays(new HashSet<>(config.alerts().holidays().orElse(List.of())),
                new HashSet<>(config.alerts().extraWorkdays().orElse(List.of())));
    }
}
