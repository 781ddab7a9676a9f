package dev.asyncinspect.examples;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/**
 * Runs a program whose classes are not on the class path: they are loaded by a class loader of the
 * host's own from a directory or jar, as plugin hosts and application servers load theirs.
 * Usage: PluginHost DIR_OR_JAR MAIN_CLASS [ARGS...]
 */
public final class PluginHost {

    private PluginHost() {}

    public static void main(String[] args) throws Exception {
        URL plugin = Path.of(args[0]).toUri().toURL();
        URLClassLoader loader = new URLClassLoader("plugins", new URL[] {plugin}, PluginHost.class.getClassLoader());
        Method main = loader.loadClass(args[1]).getMethod("main", String[].class);
        String[] rest = new String[args.length - 2];
        System.arraycopy(args, 2, rest, 0, rest.length);
        main.invoke(null, (Object) rest);
    }
}
