package org.aihegemony.kg.linkeddata;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** {@code /dumps/{file}}: the dumps the build wrote into the store's folder ({@link DatasetDescription}). */
public final class DumpServlet extends HttpServlet {
    private final Site site;

    public DumpServlet(Site site) {
        this.site = site;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String file = Base.segment(req.getPathInfo());
        Optional<DatasetDescription.Dump> dump = DatasetDescription.FILES.stream().filter(d -> d.file().equals(file)).findFirst();
        Path p = dump.isEmpty() ? null : site.storeDir().resolve(DatasetDescription.DUMPS).resolve(dump.get().file());
        if (p == null || !Files.isRegularFile(p)) {
            Respond.text(req, resp, 404, "No dump " + req.getRequestURI() + "; the dumps are "
                    + String.join(", ", DatasetDescription.FILES.stream().map(d -> "/dumps/" + d.file()).toList()));
            return;
        }
        if (site.caching().notModified(req, resp, "dump-" + file))
            return;
        String type = dump.get().mediaType() + (dump.get().mediaType().startsWith("text/") ? ";charset=utf-8" : "");
        resp.setHeader("Content-Disposition", "inline; filename=\"" + file + "\"");
        Respond.bytes(req, resp, 200, type, Files.readAllBytes(p));
    }
}
