package dev.asyncinspect.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** 10,000 virtual threads, with JDWP started without includevirtualthreads=y (JDK 25 target). */
@JvmTier
class VirtualThreadsTest {

    private static final String EXAMPLE = "ManyVirtualThreads";

    @ParameterizedTest
    @EnumSource(value = Route.class, names = {"JDWP_25", "AGENT_25"})
    void everyVirtualThreadIsATaskWithItsStateAndStack(Route route) throws Exception {
        try (TargetJvm target = route.start(EXAMPLE, "10000")) {
            Tool.Result result = Tool.run(null, target, "dump", "--format", "json");
            assertThat(result.exitCode()).as(result.err()).isZero();
            JsonNode snapshot = Snapshots.parse(result.out());
            var parked = Snapshots.tasks(snapshot, t -> t.get("name").asText().startsWith("parked-"));
            assertThat(parked).hasSize(10_000);
            assertThat(parked).allSatisfy(t -> {
                assertThat(t.get("kind").asText()).isEqualTo("virtual-thread");
                assertThat(t.get("state").asText()).isEqualTo("parked");
            });
            JsonNode one = parked.get(0);
            assertThat(Snapshots.frame(one, "ManyVirtualThreads.lambda$main$0").get("line").asInt())
                    .isEqualTo(SourceLines.of(EXAMPLE, "park"));

            JsonNode holder = Snapshots.taskNamed(snapshot, "gate-holder");
            JsonNode waiter = Snapshots.taskNamed(snapshot, "gate-waiter");
            assertThat(waiter.get("kind").asText()).isEqualTo("virtual-thread");
            assertThat(waiter.get("state").asText()).isEqualTo("blocked");
            assertThat(Snapshots.frame(waiter, "ManyVirtualThreads.enterGate").get("line").asInt())
                    .isEqualTo(SourceLines.of(EXAMPLE, "gate"));
            if (route.jdwp()) {
                assertThat(waiter.get("waitingFor").get(0).get("kind").asText()).isEqualTo("monitor");
                assertThat(waiter.get("waitingFor").get(0).get("target").asText()).isEqualTo(holder.get("id").asText());
            } else {
                assertThat(snapshot.get("gaps").toString()).contains("1 virtual threads are blocked on a monitor JVMTI does not name")
                        .contains("gate-waiter");
            }

            JsonNode sleeper = Snapshots.taskNamed(snapshot, "sleeper");
            assertThat(sleeper.get("state").asText()).contains("parked");
            assertThat(Snapshots.frame(sleeper, "ManyVirtualThreads.nap").get("line").asInt())
                    .isEqualTo(SourceLines.of(EXAMPLE, "nap"));
            assertThat(target.alive()).isTrue();
        }
    }
}
