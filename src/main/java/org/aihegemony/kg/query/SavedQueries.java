package org.aihegemony.kg.query;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.aihegemony.kg.ErrorCode;
import org.aihegemony.kg.KgException;
import org.aihegemony.kg.store.SourceFile;
import org.aihegemony.kg.store.SourceSet;

/** The saved queries of a source set, by name. */
public final class SavedQueries {
    private final Map<String, SavedQuery> byName;

    private SavedQueries(Map<String, SavedQuery> byName) {
        this.byName = Collections.unmodifiableMap(byName);
    }

    public static SavedQueries from(SourceSet sources) {
        Map<String, SavedQuery> map = new LinkedHashMap<>();
        for (SourceFile f : sources.files(SourceFile.Kind.QUERY)) {
            String name = f.fileName().substring(0, f.fileName().length() - ".rq".length());
            map.put(name, new SavedQuery(name, f.path(), f.text()));
        }
        return new SavedQueries(map);
    }

    public List<SavedQuery> all() {
        return List.copyOf(byName.values());
    }

    public Optional<SavedQuery> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public SavedQuery get(String name) {
        return find(name).orElseThrow(() -> new KgException(ErrorCode.UNKNOWN_QUERY, "Unknown saved query: " + name));
    }
}
