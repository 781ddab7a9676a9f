package dev.asyncinspect.analysis;

import dev.asyncinspect.model.Deadlock;
import dev.asyncinspect.model.Task;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cycles of the wait-for graph. Each task waits for few things, so a depth-first walk that
 * keeps the current path finds every elementary cycle through its lowest task once; a cycle is
 * reported from its first task in snapshot order, so the same deadlock reads the same every time.
 */
public final class DeadlockFinder {

    private static final int MAX_CYCLES = 100;

    public List<Deadlock> find(WaitGraph graph) {
        Map<String, Integer> order = new HashMap<>();
        int index = 0;
        for (Task task : graph.tasks()) {
            order.put(task.id(), index++);
        }
        List<Deadlock> found = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<WaitGraph.Step> path = new ArrayList<>();
        Set<String> onPath = new HashSet<>();
        for (Task start : graph.tasks()) {
            if (found.size() >= MAX_CYCLES) {
                break;
            }
            walk(graph, start.id(), start.id(), path, onPath, order, seen, found);    // leaves both empty
        }
        return found;
    }

    private void walk(WaitGraph graph, String start, String at, List<WaitGraph.Step> path, Set<String> onPath,
                      Map<String, Integer> order, Set<String> seen, List<Deadlock> found) {
        onPath.add(at);
        for (WaitGraph.Step step : graph.stepsFrom(at)) {
            String next = step.edge().target();
            if (next.equals(start)) {
                List<WaitGraph.Step> cycle = new ArrayList<>(path);
                cycle.add(step);
                String key = cycle.stream().map(s -> s.from().id()).sorted().toList().toString();
                if (seen.add(key) && found.size() < MAX_CYCLES) {
                    found.add(Explanation.of(cycle));
                }
            } else if (!onPath.contains(next) && order.get(next) > order.get(start)) {
                path.add(step);
                walk(graph, start, next, path, onPath, order, seen, found);
                path.remove(path.size() - 1);
            }
        }
        onPath.remove(at);
    }
}
