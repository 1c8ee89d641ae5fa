package io.squall.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** CPU time of processes from /proc/PID/stat (utime + stime, all threads), in clock ticks, as bench/lib does. */
final class ProcCpu {

  private ProcCpu() {
  }

  /** The PID and its descendants (Tornado's forked workers, a load client's children). */
  static List<Long> tree(long pid) {
    List<Long> pids = new ArrayList<>();
    pids.add(pid);
    ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(d -> pids.add(d.pid())));
    return pids;
  }

  static long ticks(List<Long> pids) {
    long total = 0;
    for (long pid : pids) {
      try {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        // the command name may hold spaces: the fields we want come after its closing parenthesis
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        total += Long.parseLong(f[11]) + Long.parseLong(f[12]);
      } catch (IOException | RuntimeException e) {
        // gone meanwhile: counts as nothing, like bench/lib/common.sh's cpu_ticks
      }
    }
    return total;
  }

  /**
   * Seconds the whole machine spent running tasks (user + nice + system in /proc/stat), without irq, softirq and
   * steal: loopback fan-out puts much of its TCP work in softirq, which no process is charged for, so this is the
   * figure to compare with the processes' own CPU when asking whether something else ran.
   */
  static double machineTaskSeconds(double clkTck) {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      return (Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3])) / clkTck;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
