package org.aihegemony.kg.store;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.aihegemony.kg.ErrorCode;
import org.aihegemony.kg.KgException;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFLanguages;

/**
 * The sources of the knowledge graph: {@code ontology/}, {@code rdf/} and {@code queries/}, read either
 * from a folder (a checkout) or from the copies packed into the jar under {@code kg/}.
 */
public final class SourceSet {
    /** Where the jar carries its copy of the sources. */
    public static final String CLASSPATH_ROOT = "kg";
    /** Bumped whenever the way a store is built changes, so that old stores are rebuilt. */
    static final String BUILD_FORMAT = "aihegemony-kg-store/3";  // 2: stores carry dumps and VoID; 3: and a text index

    private final String origin;
    private final List<SourceFile> files;

    private SourceSet(String origin, List<SourceFile> files) {
        this.origin = origin;
        this.files = Collections.unmodifiableList(files);
    }

    /** Sources from a folder holding {@code ontology/}, {@code rdf/} and (optionally) {@code queries/}. */
    public static SourceSet fromDirectory(Path root) {
        if (!Files.isDirectory(root))
            throw new KgException(ErrorCode.SOURCES, "Sources folder not found: " + root);
        if (!Files.isDirectory(root.resolve("ontology")) && !Files.isDirectory(root.resolve("rdf")))
            throw new KgException(ErrorCode.SOURCES,
                    "Sources folder has neither ontology/ nor rdf/: " + root.toAbsolutePath());
        return new SourceSet(root.toAbsolutePath().normalize().toString(), read(root));
    }

    /** The sources packed into the jar (or, in a development build, into target/classes). */
    public static SourceSet embedded() {
        URL url = SourceSet.class.getClassLoader().getResource(CLASSPATH_ROOT + "/");
        if (url == null)
            throw new KgException(ErrorCode.SOURCES,
                    "No embedded sources (" + CLASSPATH_ROOT + "/) in this build; use --sources DIR");
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                FileSystem fs;
                try {
                    fs = FileSystems.getFileSystem(uri);
                } catch (FileSystemNotFoundException e) {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                }
                return new SourceSet("embedded (jar)", read(fs.getPath("/" + CLASSPATH_ROOT)));
            }
            return new SourceSet("embedded (" + Path.of(uri) + ")", read(Path.of(uri)));
        } catch (URISyntaxException | IOException e) {
            throw new KgException(ErrorCode.SOURCES, "Cannot read embedded sources: " + e.getMessage(), e);
        }
    }

    private static List<SourceFile> read(Path root) {
        List<SourceFile> out = new ArrayList<>();
        for (String top : List.of("ontology", "rdf", "queries", "contexts")) {
            Path dir = root.resolve(top);
            if (!Files.isDirectory(dir))
                continue;
            try (Stream<Path> walk = Files.walk(dir)) {
                List<Path> paths = walk.filter(Files::isRegularFile).sorted().toList();
                for (Path p : paths) {
                    String rel = root.relativize(p).toString().replace('\\', '/');
                    classify(rel).ifPresent(kind -> out.add(new SourceFile(rel, kind, p)));
                }
            } catch (IOException e) {
                throw new KgException(ErrorCode.SOURCES, "Cannot read " + dir + ": " + e.getMessage(), e);
            }
        }
        out.sort((a, b) -> a.path().compareTo(b.path()));
        return out;
    }

    /** Which kind of source a relative path is, if any; other files (README, notebooks) are ignored. */
    static Optional<SourceFile.Kind> classify(String rel) {
        String lower = rel.toLowerCase(Locale.ROOT);
        if (lower.startsWith("ontology/shapes/") && isRdf(lower))
            return Optional.of(SourceFile.Kind.SHAPES);
        if (lower.startsWith("ontology/") && isRdf(lower))
            return Optional.of(SourceFile.Kind.ONTOLOGY);
        if (lower.startsWith("rdf/") && isRdf(lower))
            return Optional.of(SourceFile.Kind.DATA);
        if (lower.startsWith("queries/checks/") && lower.endsWith("-violation.rq"))
            return Optional.of(SourceFile.Kind.CHECK);
        if (lower.startsWith("queries/") && lower.endsWith(".rq") && !lower.startsWith("queries/checks/"))
            return Optional.of(SourceFile.Kind.QUERY);
        if (lower.startsWith("contexts/"))
            return Optional.of(SourceFile.Kind.CONTEXT);
        return Optional.empty();
    }

    static boolean isRdf(String name) {
        Lang lang = RDFLanguages.filenameToLang(name);
        return lang != null && RDFLanguages.isTriples(lang) || lang != null && RDFLanguages.isQuads(lang);
    }

    public String origin() { return origin; }

    public List<SourceFile> files() { return files; }

    public List<SourceFile> files(SourceFile.Kind kind) {
        return files.stream().filter(f -> f.kind() == kind).toList();
    }

    public Optional<SourceFile> file(String path) {
        return files.stream().filter(f -> f.path().equals(path)).findFirst();
    }

    /** SHA-256 over the build format, and every file that feeds the store (its path and content). */
    public String contentHash() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            update(md, BUILD_FORMAT);
            for (SourceFile f : files) {
                if (!f.feedsStore())
                    continue;
                update(md, f.path());
                md.update(longBytes(f.size()));
                try (InputStream in = f.open()) {
                    byte[] buf = new byte[1 << 16];
                    for (int n; (n = in.read(buf)) > 0; )
                        md.update(buf, 0, n);
                } catch (IOException e) {
                    throw new KgException(ErrorCode.SOURCES, "Cannot read " + f.path() + ": " + e.getMessage(), e);
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void update(MessageDigest md, String s) {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        md.update(longBytes(b.length));
        md.update(b);
    }

    private static byte[] longBytes(long v) {
        byte[] b = new byte[8];
        for (int i = 7; i >= 0; i--) { b[i] = (byte) v; v >>>= 8; }
        return b;
    }
}
