/*
 * Throughput of label issuing and label PDFs. Not a test: run it by hand on a quiet machine.
 *
 *   ./mvnw -q -B test-compile exec:java -Dexec.mainClass=cn.hazchain.bench.LabelBench -Dexec.classpathScope=test
 *
 * or, without the exec plugin:
 *
 *   ./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 *   java -cp target/classes:target/test-classes:$(cat target/cp.txt) cn.hazchain.bench.LabelBench [warmupSeconds] [measureSeconds]
 */
package cn.hazchain.bench;

import cn.hazchain.label.Hazard;
import cn.hazchain.label.LabelData;
import cn.hazchain.label.LabelId;
import cn.hazchain.label.LabelKeyRing;
import cn.hazchain.label.LabelPdf;
import cn.hazchain.label.LabelSigner;
import cn.hazchain.label.LabelUrl;
import cn.hazchain.label.QrCodes;
import cn.hazchain.party.Uscc;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/** Labels issued per second (sign + QR PNG 300 px) and label PDFs per second, on 1 and 2 threads, after warm-up. */
public final class LabelBench {

    private static final String USCC = Uscc.withCheck("91320281MA1W8K3P2");
    private static final LocalDate DAY = LocalDate.of(2026, 3, 1);
    private static final String BASE_URL = "https://hazchain.example";

    /** Sink so the JIT cannot drop the work. */
    private static final AtomicLong BYTES = new AtomicLong();

    private LabelBench() {
    }

    public static void main(String[] args) throws Exception {
        double warmup = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        double measure = args.length > 1 ? Double.parseDouble(args[1]) : 10;
        Path keys = Files.createTempDirectory("hazchain-bench-keys");
        LabelSigner signer = new LabelSigner(LabelKeyRing.openOrCreate(keys));
        LabelPdf pdf = new LabelPdf();
        String sampleUrl = LabelUrl.of(BASE_URL, signer.sign(id(1)));

        System.out.printf("Java %s, %d CPUs; warm-up %.0f s, measure %.0f s per case%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(), warmup, measure);
        System.out.printf("label URL %d chars, QR version %d; label PDF %d bytes%n",
                sampleUrl.length(), QrCodes.encode(sampleUrl).version(), pdf.label(data(1, signer)).length);

        IntConsumer issue = i -> {
            String url = LabelUrl.of(BASE_URL, signer.sign(id(i)));
            BYTES.addAndGet(QrCodes.png(url, 300).length);
        };
        IntConsumer labelPdf = i -> BYTES.addAndGet(pdf.label(data(i, signer)).length);
        IntConsumer signOnly = i -> BYTES.addAndGet(signer.sign(id(i)).length());
        String token = signer.sign(id(1));
        IntConsumer verifyOnly = i -> BYTES.addAndGet(signer.verify(token).isValid() ? 1 : 0);

        for (int threads : new int[] {1, 2}) {
            report("issue label (sign + QR PNG 300 px)", threads, run(issue, threads, warmup, measure));
            report("label PDF 100 mm (incl. sign + QR)", threads, run(labelPdf, threads, warmup, measure));
        }
        report("sign only", 1, run(signOnly, 1, warmup / 2, measure / 2));
        report("verify only", 1, run(verifyOnly, 1, warmup / 2, measure / 2));
        System.out.println("(" + BYTES.get() + " bytes produced)");
    }

    private static LabelId id(int i) {
        return LabelId.of(USCC, "900-249-08", DAY.plusDays(i / 999 % 3000), i % 999 + 1);
    }

    private static LabelData data(int i, LabelSigner signer) {
        LabelId id = id(i);
        return new LabelData(id, LabelUrl.of(BASE_URL, signer.sign(id)), "废矿物油", "废机油、液压油", List.of(Hazard.T, Hazard.I),
                "液态", DAY, "江阴市澄江精密机械有限公司", "张伟", "13812345678", new BigDecimal("18.5"), 25);
    }

    /** Runs {@code work} on {@code threads} threads: warm-up, then counts operations completed in the measuring time. */
    private static double run(IntConsumer work, int threads, double warmupSeconds, double measureSeconds) throws Exception {
        loop(work, threads, warmupSeconds);
        long start = System.nanoTime();
        long ops = loop(work, threads, measureSeconds);
        return ops / ((System.nanoTime() - start) / 1e9);
    }

    private static long loop(IntConsumer work, int threads, double seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long deadline = System.nanoTime() + (long) (seconds * 1e9);
            List<Future<Long>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t * 1_000_000;
                results.add(pool.submit(() -> {
                    long n = 0;
                    while (System.nanoTime() < deadline) {
                        work.accept(offset + (int) n);
                        n++;
                    }
                    return n;
                }));
            }
            long total = 0;
            for (Future<Long> f : results) {
                total += f.get();
            }
            return total;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void report(String what, int threads, double perSecond) {
        System.out.printf("%-38s %d thread%s: %8.1f /s%n", what, threads, threads == 1 ? " " : "s", perSecond);
    }
}
