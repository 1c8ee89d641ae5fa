package io.squall.bench;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.loader.FileLoader;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import io.squall.templates.Renderer;
import io.squall.templates.TemplatesOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
 * bench/run templates, part 1: renders one page in a loop on one thread, through the templates verticle's own
 * {@link Renderer}, and prints one JSON line with the pages rendered in the measured window. The context is
 * bench/templates/page_data.py's, built from the same formulas.
 *
 * <pre>
 * java -cp squall.jar:squall-bench.jar io.squall.bench.PebbleBench DIR TEMPLATE WARMUP_S SECONDS [--bare]  (measure)
 * java -cp squall.jar:squall-bench.jar io.squall.bench.PebbleBench DIR TEMPLATE --dump FILE [--bare]      (render once)
 * </pre>
 *
 * <p>What is measured is what the templates verticle's worker does per request: {@code Renderer.render(name, context,
 * "en")} with a {@code TemplatesOptions} whose only change from the defaults is {@code dir: DIR}. So: Squall's Pebble
 * engines (autoescaping by file type, its html escaper, the maxOutputSize limit, its helpers), its template cache (a
 * hit per render, for the page, its layout and the include), the context as the verticle receives it (a JsonObject,
 * turned into plain maps on each render) and the page as a String. Nothing is cached between renders but the
 * compiled templates.
 *
 * <p>{@code --bare} measures a bare Pebble engine with Pebble's defaults instead ({@code new PebbleEngine.Builder()
 * .loader(FileLoader on DIR).build()}, the context as plain Java maps, a StringWriter): what this benchmark measured
 * before it went through Renderer, for comparison. The JSON line says which ({@code "renderer": "squall"} or
 * {@code "pebble-defaults"}); its other keys are the same either way.
 *
 * <p>Alongside the count it reports the process CPU time and the machine's busy time (/proc/stat) over the window,
 * so the caller can tell whether something else ran meanwhile.
 */
public final class PebbleBench {

  private PebbleBench() {
  }

  /** page_data.py's context, as the templates verticle receives it (JSON). */
  static JsonObject context() {
    JsonArray rows = new JsonArray();
    for (int i = 1; i <= 50; i++) {
      rows.add(new JsonObject()
          .put("id", i)
          .put("name", "Row " + i + " <b>bold</b> & \"double\" 'single'")
          .put("note", (i * 37 % 100) + " < " + (i + 1) + " && a > b's"));
    }
    return new JsonObject()
        .put("title", "Rows & \"quotes\" <bench>")
        .put("user", "O'Brien & <Co>")
        .put("rows", rows);
  }

  /** Renders one page to a String. */
  interface Page {
    String render() throws IOException;
  }

  static Page squall(Path dir, String name) {
    Renderer renderer = new Renderer(new TemplatesOptions().setDir(dir.toString()), PebbleBench.class.getClassLoader());
    JsonObject ctx = context();
    return () -> renderer.render(name, ctx, "en");
  }

  static Page bare(Path dir, String name) {
    FileLoader loader = new FileLoader();
    loader.setPrefix(dir.toString());
    PebbleEngine engine = new PebbleEngine.Builder().loader(loader).build();
    Map<String, Object> ctx = context().getMap();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Object row : context().getJsonArray("rows")) {
      rows.add(new LinkedHashMap<>(((JsonObject) row).getMap()));
    }
    ctx.put("rows", rows);
    return () -> {
      PebbleTemplate template = engine.getTemplate(name);
      StringWriter out = new StringWriter(8192);
      template.evaluate(out, ctx, Locale.ENGLISH);
      return out.toString();
    };
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
    List<String> rest = new ArrayList<>(List.of(args));
    boolean bareEngine = rest.remove("--bare");
    if (rest.size() < 4) {
      System.err.println("usage: PebbleBench DIR TEMPLATE WARMUP_S SECONDS [--bare]"
          + " | PebbleBench DIR TEMPLATE --dump FILE [--bare]");
      System.exit(2);
    }
    args = rest.toArray(new String[0]);
    Path dir = Path.of(args[0]).toAbsolutePath();
    Page page = bareEngine ? bare(dir, args[1]) : squall(dir, args[1]);
    if (args[2].equals("--dump")) {
      Files.writeString(Path.of(args[3]), page.render(), StandardCharsets.UTF_8);
      return;
    }
    double warmup = Double.parseDouble(args[2]);
    double seconds = Double.parseDouble(args[3]);
    double clkTck = Double.parseDouble(System.getenv().getOrDefault("BENCH_CLK_TCK", "100"));

    long checksum = 0;
    long end = System.nanoTime() + (long) (warmup * 1e9);
    while (System.nanoTime() < end) {
      checksum += page.render().length();
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
        bytes += page.render().length();
      }
      pages += 16;
      now = System.nanoTime();
    } while (now < end);
    double wall = (now - t0) / 1e9;
    double cpu = processCpuSeconds() - cpu0;
    double busy = machineBusySeconds(clkTck) - busy0;
    System.out.printf(Locale.ROOT,
        "{\"engine\": \"pebble\", \"renderer\": \"%s\", \"pages\": %d, \"wall_s\": %.4f, \"cpu_s\": %.4f, "
            + "\"machine_busy_s\": %.4f, \"page_bytes\": %d, \"checksum\": %d}%n",
        bareEngine ? "pebble-defaults" : "squall", pages, wall, cpu, busy, bytes / pages, checksum + bytes);
  }
}
