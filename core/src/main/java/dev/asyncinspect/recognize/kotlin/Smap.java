package dev.asyncinspect.recognize.kotlin;

/**
 * JSR-045 source maps as Kotlin writes them: line numbers past the end of a file belong to inlined
 * functions (e.g. {@code withLock}); the {@code KotlinDebug} stratum maps each such line back to
 * the line of the call in the user's file.
 */
final class Smap {

    private Smap() {}

    /** How many lines the source file itself has: the first entry of the Kotlin stratum, {@code 1#1,N:1}. */
    static int fileLines(String smap) {
        if (smap == null) {
            return Integer.MAX_VALUE;
        }
        int lines = smap.indexOf("*L");
        if (lines < 0) {
            return Integer.MAX_VALUE;
        }
        String first = smap.substring(lines + 2).strip().split("\n")[0].strip();
        int comma = first.indexOf(',');
        int colon = first.indexOf(':');
        try {
            return comma > 0 && colon > comma ? Integer.parseInt(first.substring(comma + 1, colon)) : Integer.MAX_VALUE;
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    static int callSite(String smap, int line) {
        if (smap == null || line < 0) {
            return line;
        }
        int stratum = smap.indexOf("*S KotlinDebug");
        if (stratum < 0) {
            return line;
        }
        int lines = smap.indexOf("*L", stratum);
        if (lines < 0) {
            return line;
        }
        for (String entry : smap.substring(lines + 2).split("\n")) {
            entry = entry.strip();
            if (entry.startsWith("*")) {
                break;
            }
            Integer mapped = map(entry, line);
            if (mapped != null) {
                return mapped;
            }
        }
        return line;
    }

    /** {@code in#file,repeat:out,increment}: output lines out… map back to in…. */
    private static Integer map(String entry, int line) {
        int hash = entry.indexOf('#');
        int colon = entry.indexOf(':');
        if (hash < 0 || colon < hash) {
            return null;
        }
        try {
            int in = Integer.parseInt(entry.substring(0, hash));
            String fileAndRepeat = entry.substring(hash + 1, colon);
            int repeat = fileAndRepeat.contains(",") ? Integer.parseInt(fileAndRepeat.substring(fileAndRepeat.indexOf(',') + 1)) : 1;
            String output = entry.substring(colon + 1);
            int out = Integer.parseInt(output.contains(",") ? output.substring(0, output.indexOf(',')) : output);
            int increment = output.contains(",") ? Integer.parseInt(output.substring(output.indexOf(',') + 1)) : 1;
            int span = Math.max(1, repeat) * Math.max(1, increment);
            if (line >= out && line < out + span) {
                return in + (line - out) / Math.max(1, increment);
            }
        } catch (NumberFormatException malformed) {
            return null;
        }
        return null;
    }
}
