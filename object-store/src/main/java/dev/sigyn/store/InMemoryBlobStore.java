package dev.sigyn.store;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;

/** A {@link BlobStore} in a sorted map: for tests and experiments; everything is lost when the process ends. */
public final class InMemoryBlobStore implements BlobStore {
    private final ConcurrentSkipListMap<String, byte[]> objects = new ConcurrentSkipListMap<>();

    @Override
    public byte[] get(String key) throws IOException {
        byte[] data = objects.get(ObjectKeyRules.check(key));
        if (data == null) throw new NoSuchFileException(key);
        return data.clone();
    }

    @Override
    public void put(String key, byte[] data) {
        objects.put(ObjectKeyRules.check(key), data.clone());
    }

    @Override
    public List<String> list(String prefix) {
        List<String> keys = new ArrayList<>();
        for (String k : objects.tailMap(prefix, true).keySet()) {
            if (!k.startsWith(prefix)) break;
            keys.add(k);
        }
        return keys;
    }

    @Override
    public void delete(String key) {
        objects.remove(ObjectKeyRules.check(key));
    }
}
