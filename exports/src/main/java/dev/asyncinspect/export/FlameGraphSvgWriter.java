package dev.asyncinspect.export;

import dev.asyncinspect.model.Frame;
import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.Task;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An SVG flame graph of the snapshot's stacks (outermost at the bottom, width = how many tasks share
 * that path), viewable in any browser; hover a box for its full name.
 */
public final class FlameGraphSvgWriter {

    private static final int WIDTH = 1200;
    private static final int ROW = 16;

    /** A node of the merged stack tree. */
    private static final class Node {
        final Map<String, Node> children = new TreeMap<>();
        int count;
    }

    public void write(Snapshot snapshot, PrintWriter out) {
        Node root = new Node();
        for (Task task : snapshot.tasks()) {
            List<String> path = new ArrayList<>();
            path.add(task.kind().label());
            for (int i = task.frames().size() - 1; i >= 0; i--) {
                Frame frame = task.frames().get(i);
                path.add(frame.function() + (frame.line() > 0 ? ":" + frame.line() : ""));
            }
            Node at = root;
            root.count++;
            for (String name : path) {
                at = at.children.computeIfAbsent(name, n -> new Node());
                at.count++;
            }
        }
        int depth = depth(root);
        int height = (depth + 1) * ROW + 30;
        out.printf("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"monospace\" font-size=\"11\">%n",
                WIDTH, height);
        out.printf("<text x=\"4\" y=\"14\">async-inspect: %d tasks (pid %d)</text>%n", root.count, snapshot.vm().pid());
        draw(root, 0, WIDTH, height - ROW, out);
        out.println("</svg>");
        out.flush();
    }

    private static int depth(Node node) {
        int deepest = 0;
        for (Node child : node.children.values()) {
            deepest = Math.max(deepest, 1 + depth(child));
        }
        return deepest;
    }

    private static void draw(Node node, double x, double width, int y, PrintWriter out) {
        double at = x;
        for (Map.Entry<String, Node> child : node.children.entrySet()) {
            double w = width * child.getValue().count / node.count;
            String name = escape(child.getKey());
            int hue = Math.abs(child.getKey().hashCode()) % 60;
            out.printf("<g><title>%s (%d)</title><rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"hsl(%d,80%%,60%%)\" stroke=\"white\"/>",
                    name, child.getValue().count, at, y, w, ROW - 1, hue);
            if (w > 40) {
                String label = child.getKey().substring(child.getKey().lastIndexOf('.', child.getKey().lastIndexOf('.') - 1) + 1);
                int chars = (int) (w / 7);
                out.printf("<text x=\"%.1f\" y=\"%d\">%s</text>", at + 3, y + ROW - 4,
                        escape(label.length() > chars ? label.substring(0, Math.max(0, chars - 1)) + "…" : label));
            }
            out.println("</g>");
            draw(child.getValue(), at, w, y - ROW, out);
            at += w;
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
