package dev.sigyn.server;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * Gives ZGC (bin/jvm.options) a soft heap target, so that it collects before the heap grows to its maximum. Left
 * alone, ZGC lets a busy server's heap grow to nearly the maximum (a quarter of the machine's memory) and keeps it
 * for minutes: 5.7 GB resident under 50 heavy queries on a 24 GB machine, against 1.3 GB with a 1 GiB target
 * (docs/performance.md, "Isolation"). The target is soft: a query that needs more still gets it, up to the maximum.
 *
 * <p>The target cannot be one fixed JVM option, since it must not exceed the maximum heap, which depends on the
 * machine; it is set here, once at start, to {@value #TARGET_BYTES} bytes or 90% of the maximum heap when that is
 * smaller. An operator's own {@code -XX:SoftMaxHeapSize} wins, and other collectors are left alone.
 */
final class HeapTarget {
    private static final Logger log = LoggerFactory.getLogger(HeapTarget.class);
    static final long TARGET_BYTES = 1L << 30;

    private HeapTarget() {}

    static void apply() {
        try {
            if (!runsZgc()) return;
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            VMOption current = vm.getVMOption("SoftMaxHeapSize");
            if (current.getOrigin() == VMOption.Origin.VM_CREATION
                    || current.getOrigin() == VMOption.Origin.ENVIRON_VAR
                    || current.getOrigin() == VMOption.Origin.CONFIG_FILE) return; // the operator chose
            long target = target(Runtime.getRuntime().maxMemory());
            vm.setVMOption("SoftMaxHeapSize", Long.toString(target));
            log.atInfo().addKeyValue("soft_max_heap_bytes", target)
                    .addKeyValue("max_heap_bytes", Runtime.getRuntime().maxMemory()).log("heap target");
        } catch (RuntimeException e) {
            log.atInfo().addKeyValue("reason", e.toString()).log("heap target left to the JVM");
        }
    }

    /** The soft target for a maximum heap of {@code maxHeap} bytes. */
    static long target(long maxHeap) {
        return Math.min(TARGET_BYTES, maxHeap / 10 * 9);
    }

    private static boolean runsZgc() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc.getName().startsWith("ZGC")) return true;
        }
        return false;
    }
}
