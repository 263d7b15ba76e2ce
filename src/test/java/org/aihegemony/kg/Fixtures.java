package org.aihegemony.kg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** Test fixtures: copies of the sources under src/test/resources/fixtures in temp folders. */
public final class Fixtures {
    private Fixtures() {}

    public static Path resource(String rel) {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures/" + rel).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("No fixture " + rel, e);
        }
    }

    /** A writable copy of the basic source set in {@code dir}/sources. */
    public static Path basicSources(Path dir) {
        Path target = dir.resolve("sources");
        copyTree(resource("basic"), target);
        return target;
    }

    /** Adds one failure fixture to a source folder, under the given folder (e.g. {@code rdf}). */
    public static Path addFailure(Path sources, String failure, String folder) {
        try {
            Path to = sources.resolve(folder).resolve(failure);
            Files.createDirectories(to.getParent());
            Files.copy(resource("failures/" + failure), to, StandardCopyOption.REPLACE_EXISTING);
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The repository's own checkout (the working directory of the Maven build). */
    public static Path repository() {
        return Path.of("").toAbsolutePath();
    }

    public static void copyTree(Path from, Path to) {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p))
                    Files.createDirectories(t);
                else
                    Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
