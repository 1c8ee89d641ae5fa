package io.squall.templates;

import io.pebbletemplates.pebble.cache.PebbleCache;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Pebble's cache of compiled templates, bounded (least recently used out first) and counted. In development mode
 * it is given each key's current version ({@link TemplateLoader#version}): an entry whose file changed is compiled
 * again, which is how edits show on the next render without a restart. Parents and includes are looked up through
 * this cache at render time, so an edited layout is seen by every page that extends it.
 *
 * <p>Two renders that miss the same key at once both compile it (the later result stays): cheaper than making
 * every render wait on one lock, and it only happens on a cold cache.
 */
final class LruCache<K, V> implements PebbleCache<K, V> {

  private record Entry<V>(V value, long version) {
  }

  private final Map<K, Entry<V>> entries;
  private final ToLongFunction<K> versions;
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();

  /** @param versions null when entries never go stale (outside development mode) */
  LruCache(int maxSize, ToLongFunction<K> versions) {
    this.versions = versions;
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, Entry<V>> eldest) {
        return size() > maxSize;
      }
    };
  }

  @Override
  public V computeIfAbsent(K key, Function<? super K, ? extends V> compute) {
    Entry<V> entry;
    synchronized (entries) {
      entry = entries.get(key);
    }
    long version = versions == null ? 0 : versions.applyAsLong(key);
    if (entry != null && entry.version() == version) {
      hits.incrementAndGet();
      return entry.value();
    }
    misses.incrementAndGet();
    // the version was read before compiling: a file edited meanwhile is compiled again next time
    V value = compute.apply(key);
    synchronized (entries) {
      entries.put(key, new Entry<>(value, version));
    }
    return value;
  }

  @Override
  public void invalidateAll() {
    synchronized (entries) {
      entries.clear();
    }
  }

  long hits() {
    return hits.get();
  }

  long misses() {
    return misses.get();
  }

  int size() {
    synchronized (entries) {
      return entries.size();
    }
  }
}
