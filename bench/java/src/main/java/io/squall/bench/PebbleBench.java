package io.squall.bench;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.loader.FileLoader;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * bench/run templates, part 1: renders one page with Pebble in a loop on one thread, template cached, and prints
 * one JSON line with the pages rendered in the measured window. The context is bench/templates/page_data.py's, built
 * from the same formulas.
 *
 * <pre>
 * java -cp squall-bench.jar:lib/* io.squall.bench.PebbleBench DIR TEMPLATE WARMUP_S SECONDS   (measure)
 * java -cp squall-bench.jar:lib/* io.squall.bench.PebbleBench DIR TEMPLATE --dump FILE       (render once)
 * </pre>
 *
 * The engine is Pebble's defaults (autoescaping with the html strategy, template cache on) with a FileLoader on DIR.
 * Each render looks the template up in the engine (a cache hit, as a render service does per request) and renders
 * into a fresh StringWriter to a String. Alongside the count it reports the process CPU time and the machine's busy
 * time (/proc/stat) over the window, so the caller can tell whether something else ran meanwhile.
 */
public final class PebbleBench {

  private PebbleBench() {
  }

  static Map<String, Object> context() {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 1; i <= 50; i++) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", i);
      row.put("name", "Row " + i + " <b>bold</b> & \"double\" 'single'");
      row.put("note", (i * 37 % 100) + " < " + (i + 1) + " && a > b's");
      rows.add(row);
    }
    Map<String, Object> ctx = new LinkedHashMap<>();
    ctx.put("title", "Rows & \"quotes\" <bench>");
    ctx.put("user", "O'Brien & <Co>");
    ctx.put("rows", rows);
    return ctx;
  }

  static String render(PebbleEngine engine, String name, Map<String, Object> ctx) throws IOException {
    PebbleTemplate template = engine.getTemplate(name);
    StringWriter out = new StringWriter(8192);
    template.evaluate(out, ctx, Locale.ENGLISH);
    return out.toString();
  }

  /** Busy seconds of the whole machine so far: user+nice+system+irq+softirq+steal from /proc/stat. */
  static double machineBusySeconds(double clkTck) {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long busy = 0;
      for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
        busy += Long.parseLong(f[i]);
      }
      return busy / clkTck;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  static double processCpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime() / 1e9;
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 3) {
      System.err.println("usage: PebbleBench DIR TEMPLATE WARMUP_S SECONDS | PebbleBench DIR TEMPLATE --dump FILE");
      System.exit(2);
    }
    FileLoader loader = new FileLoader();
    loader.setPrefix(Path.of(args[0]).toAbsolutePath().toString());
    PebbleEngine engine = new PebbleEngine.Builder().loader(loader).build();
    String name = args[1];
    Map<String, Object> ctx = context();
    if (args[2].equals("--dump")) {
      Files.writeString(Path.of(args[3]), render(engine, name, ctx), StandardCharsets.UTF_8);
      return;
    }
    double warmup = Double.parseDouble(args[2]);
    double seconds = Double.parseDouble(args[3]);
    double clkTck = Double.parseDouble(System.getenv().getOrDefault("BENCH_CLK_TCK", "100"));

    long checksum = 0;
    long end = System.nanoTime() + (long) (warmup * 1e9);
    while (System.nanoTime() < end) {
      checksum += render(engine, name, ctx).length();
    }

    long pages = 0;
    long bytes = 0;
    double cpu0 = processCpuSeconds();
    double busy0 = machineBusySeconds(clkTck);
    long t0 = System.nanoTime();
    end = t0 + (long) (seconds * 1e9);
    long now;
    do {
      for (int i = 0; i < 16; i++) {
        bytes += render(engine, name, ctx).length();
      }
      pages += 16;
      now = System.nanoTime();
    } while (now < end);
    double wall = (now - t0) / 1e9;
    double cpu = processCpuSeconds() - cpu0;
    double busy = machineBusySeconds(clkTck) - busy0;
    System.out.printf(Locale.ROOT,
        "{\"engine\": \"pebble\", \"pages\": %d, \"wall_s\": %.4f, \"cpu_s\": %.4f, \"machine_busy_s\": %.4f, "
            + "\"page_bytes\": %d, \"checksum\": %d}%n",
        pages, wall, cpu, busy, bytes / pages, checksum + bytes);
  }
}
