package dev.asyncinspect.analysis;

import dev.asyncinspect.model.Deadlock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The cycles of the wait-for graph. Each task waits for few things, so a depth-first walk that
 * keeps the current path finds every elementary cycle through its lowest task once; a cycle is
 * reported from its first task in snapshot order, so the same deadlock reads the same every time.
 * Walks start only in the graph's strongly connected parts: a snapshot of 300,000 tasks has a
 * handful of tasks on cycles, if any.
 */
public final class DeadlockFinder {

    private static final int MAX_CYCLES = 100;
    private static final long STEP_BUDGET = 10_000_000;

    public List<Deadlock> find(WaitGraph graph) {
        int[] component = components(graph);
        boolean[] cyclic = cyclic(graph, component);
        Walk walk = new Walk(graph, component);
        for (int start = 0; start < graph.size() && walk.found.size() < MAX_CYCLES && walk.budget > 0; start++) {
            if (cyclic[start]) {
                walk.from(start);
            }
        }
        return walk.found;
    }

    /**
     * Depth-first from each start through higher-numbered tasks of its component, keeping the path,
     * without recursion: a ring of 100,000 deadlocked tasks is one path that long. A component dense
     * with waits has more elementary cycles than anyone reads, so the walk also stops after a budget
     * of steps, with the cycles found by then.
     */
    private static final class Walk {
        private final WaitGraph graph;
        private final int[] component;
        private final int[] at;
        private final int[] nextStep;
        private final boolean[] onPath;
        private final List<WaitGraph.Step> path = new ArrayList<>();
        private final Set<String> seen = new HashSet<>();
        final List<Deadlock> found = new ArrayList<>();
        long budget = STEP_BUDGET;

        Walk(WaitGraph graph, int[] component) {
            this.graph = graph;
            this.component = component;
            at = new int[graph.size()];
            nextStep = new int[graph.size()];
            onPath = new boolean[graph.size()];
        }

        void from(int start) {
            int depth = 0;
            at[0] = start;
            nextStep[0] = 0;
            onPath[start] = true;
            while (depth >= 0) {
                List<WaitGraph.Step> steps = graph.stepsFrom(at[depth]);
                if (nextStep[depth] < steps.size() && found.size() < MAX_CYCLES && budget-- > 0) {
                    WaitGraph.Step step = steps.get(nextStep[depth]++);
                    int next = step.to();
                    if (next == start) {
                        report(step);
                    } else if (next > start && component[next] == component[start] && !onPath[next]) {
                        path.add(step);
                        depth++;
                        at[depth] = next;
                        nextStep[depth] = 0;
                        onPath[next] = true;
                    }
                    continue;
                }
                onPath[at[depth]] = false;
                depth--;
                if (depth >= 0) {
                    path.remove(path.size() - 1);
                }
            }
        }

        private void report(WaitGraph.Step closing) {
            List<WaitGraph.Step> cycle = new ArrayList<>(path);
            cycle.add(closing);
            String key = cycle.stream().map(s -> s.from().id()).sorted().toList().toString();
            if (seen.add(key) && found.size() < MAX_CYCLES) {
                found.add(DeadlockAdvice.of(cycle));
            }
        }
    }

    /** Tasks on some cycle: in a strongly connected component of two or more, or waiting for themselves. */
    private static boolean[] cyclic(WaitGraph graph, int[] component) {
        int[] sizes = new int[graph.size()];
        for (int c : component) {
            sizes[c]++;
        }
        boolean[] cyclic = new boolean[graph.size()];
        for (int task = 0; task < graph.size(); task++) {
            cyclic[task] = sizes[component[task]] > 1;
            for (WaitGraph.Step step : graph.stepsFrom(task)) {
                cyclic[task] |= step.to() == task;
            }
        }
        return cyclic;
    }

    /** Tarjan's strongly connected components, without recursion: a chain of waits can be 100,000 long. */
    private static int[] components(WaitGraph graph) {
        int n = graph.size();
        int[] order = new int[n];
        Arrays.fill(order, -1);
        int[] low = new int[n];
        int[] component = new int[n];
        boolean[] onStack = new boolean[n];
        int[] stack = new int[n];
        int[] callTask = new int[n];
        int[] callStep = new int[n];
        int visited = 0;
        int components = 0;
        int top = 0;
        for (int root = 0; root < n; root++) {
            if (order[root] >= 0) {
                continue;
            }
            int depth = 0;
            callTask[0] = root;
            callStep[0] = 0;
            order[root] = low[root] = visited++;
            stack[top++] = root;
            onStack[root] = true;
            while (depth >= 0) {
                int task = callTask[depth];
                List<WaitGraph.Step> steps = graph.stepsFrom(task);
                if (callStep[depth] < steps.size()) {
                    int next = steps.get(callStep[depth]++).to();
                    if (order[next] < 0) {
                        order[next] = low[next] = visited++;
                        stack[top++] = next;
                        onStack[next] = true;
                        depth++;
                        callTask[depth] = next;
                        callStep[depth] = 0;
                    } else if (onStack[next]) {
                        low[task] = Math.min(low[task], order[next]);
                    }
                    continue;
                }
                if (low[task] == order[task]) {
                    int member;
                    do {
                        member = stack[--top];
                        onStack[member] = false;
                        component[member] = components;
                    } while (member != task);
                    components++;
                }
                depth--;
                if (depth >= 0) {
                    low[callTask[depth]] = Math.min(low[callTask[depth]], low[task]);
                }
            }
        }
        return component;
    }
}
