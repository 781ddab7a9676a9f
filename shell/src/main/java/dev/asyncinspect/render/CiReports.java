package dev.asyncinspect.render;

import dev.asyncinspect.model.Frame;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** A hang as CI servers show one: a failed test case in a JUnit XML report, an annotation on GitHub Actions. */
public final class CiReports {

    /**
     * @param suite  the test class, or the JVM where no test ran
     * @param name   the test method, or what went wrong
     * @param report the report as printed
     * @param frame  the test method's frame, for the annotation's file and line; null for none
     */
    public record Failure(String suite, String name, String report, Frame frame) {}

    private CiReports() {}

    public static void junitXml(List<Failure> failures, PrintWriter out) {
        out.println("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        out.printf("<testsuites name=\"async-inspect\" tests=\"%d\" failures=\"%d\">%n", failures.size(), failures.size());
        for (Failure failure : failures) {
            out.printf("  <testsuite name=\"%s\" tests=\"1\" failures=\"1\">%n", xml(failure.suite()));
            out.printf("    <testcase classname=\"%s\" name=\"%s\">%n", xml(failure.suite()), xml(failure.name()));
            out.printf("      <failure message=\"%s\" type=\"hang\">%s</failure>%n",
                    xml(failure.report().lines().skip(1).findFirst().orElse("hung").strip()), xml(failure.report()));
            out.println("    </testcase>");
            out.println("  </testsuite>");
        }
        out.println("</testsuites>");
    }

    /** {@code ::error file=…,line=…::…}, the file found under the working directory when it is there. */
    public static String githubAnnotation(Failure failure) {
        List<String> properties = new ArrayList<>();
        if (failure.frame() != null && failure.frame().file() != null) {
            properties.add("file=" + property(source(failure.suite(), failure.frame().file()).orElse(failure.frame().file())));
            if (failure.frame().line() > 0) {
                properties.add("line=" + failure.frame().line());
            }
        }
        properties.add("title=" + property("hung: " + failure.suite() + "." + failure.name()));
        return "::error " + String.join(",", properties) + "::" + data(failure.report().strip());
    }

    /** The source file's path under the working directory, by the class's package. */
    private static Optional<String> source(String className, String fileName) {
        int dot = className.lastIndexOf('.');
        String tail = (dot < 0 ? "" : className.substring(0, dot).replace('.', '/') + "/") + fileName;
        Path here = Path.of("").toAbsolutePath();
        try (Stream<Path> files = Files.find(here, 16, (path, attributes) -> attributes.isRegularFile()
                && path.toString().endsWith("/" + tail) && !path.toString().contains("/target/"))) {
            return files.findFirst().map(path -> here.relativize(path).toString());
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    private static String data(String text) {
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    private static String property(String text) {
        return data(text).replace(":", "%3A").replace(",", "%2C");
    }

    private static String xml(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                default -> {
                    if (c >= 0x20 || c == '\n' || c == '\t' || c == '\r') {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }
}
