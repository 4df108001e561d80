package org.opensafeguarding.workflow.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.opensafeguarding.workflow.audit.AuditAction;
import org.opensafeguarding.workflow.audit.AuditLog;
import org.opensafeguarding.workflow.audit.AuditTestDatabase;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Audit rows per second through {@link AuditLog} into the hash-chained, append-only audit_log (V8), one row per
 * transaction, from one thread and from 8 at once, next to the same inserts into a table with the same columns and
 * indexes but no chain (the cost of the chain and its lock). The embedded server does not flush its WAL (fsync
 * off), so these figures leave out what a real server adds: each commit's flush, made while the chain lock is held.
 * Run with
 * {@code ./mvnw -pl services/workflow test -Dtest=AuditBenchmarkTest -Dbenchmark=true [-Dbenchmark.count=5000]};
 * it is skipped otherwise, because timing on a shared 2-core machine says nothing in a normal build.
 * Figures go to stdout and {@code target/benchmark/audit.txt}.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class AuditBenchmarkTest {

    static final int THREADS = 8;

    @Test
    void auditInsertsPerSecond() throws Exception {
        int count = Integer.getInteger("benchmark.count", 5000);
        AuditTestDatabase db = AuditTestDatabase.migrated("audit_bench");
        db.owner().sql("CREATE TABLE audit_plain (LIKE audit_log INCLUDING DEFAULTS INCLUDING INDEXES)").update();

        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl(db.serviceUrl());
            pool.setMaximumPoolSize(THREADS);
            TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(pool));
            AuditLog audit = new AuditLog(new NamedParameterJdbcTemplate(pool), new ObjectMapper());
            JdbcClient jdbc = JdbcClient.create(pool);

            Insert chained = n -> transactions.executeWithoutResult(s -> audit.record("user:bench", AuditAction.READ,
                    "case_task", Integer.toString(n), Map.of("caseId", "b1c1d1e1-0000-4000-8000-000000000000")));
            Insert plain = n -> transactions.executeWithoutResult(s -> jdbc.sql("""
                            INSERT INTO audit_plain (actor, action, resource_type, resource_id, detail, outcome,
                                                     prev_hash, row_hash)
                            VALUES ('user:bench', 'READ', 'case_task', :id, CAST(:detail AS JSONB), 'OK', :prev, :row)
                            """).param("id", Integer.toString(n))
                    .param("detail", "{\"caseId\": \"b1c1d1e1-0000-4000-8000-000000000000\"}")
                    .param("prev", hex()).param("row", hex()).update());

            run(chained, Math.max(count / 10, 200), THREADS);
            run(plain, Math.max(count / 10, 200), THREADS);
            double chainedOne = run(chained, count, 1);
            double chainedMany = run(chained, count, THREADS);
            double plainOne = run(plain, count, 1);
            double plainMany = run(plain, count, THREADS);

            long began = System.nanoTime();
            var verified = db.verifier().verify();
            double verifiedPerSecond = verified.rowsChecked() / ((System.nanoTime() - began) / 1e9);
            assertThat(verified.verified()).isTrue();
            String report = String.format("""
                    audit benchmark (AuditLog.record, one row per transaction, committed; embedded PostgreSQL with the
                    test kit's settings: fsync off, synchronous_commit off)
                    machine cores: %d, rows per phase: %d, pool: %d connections
                    hash-chained audit_log: 1 thread %.0f rows/s, %d threads %.0f rows/s
                    same table without the chain: 1 thread %.0f rows/s, %d threads %.0f rows/s
                    verification (AuditChainVerifier, Java hashes): %d rows, %.0f rows/s
                    """, Runtime.getRuntime().availableProcessors(), count, THREADS, chainedOne, THREADS, chainedMany,
                    plainOne, THREADS, plainMany, verified.rowsChecked(), verifiedPerSecond);
            System.out.println(report);
            Path out = Path.of("target", "benchmark", "audit.txt");
            Files.createDirectories(out.getParent());
            Files.writeString(out, report);
        }
    }

    interface Insert {
        void row(int n);
    }

    /** {@code count} transactions over {@code threads} threads; rows per second. */
    private static double run(Insert insert, int count, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger next = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int n = next.getAndIncrement(); n < count; n = next.getAndIncrement()) {
                        insert.row(n);
                    }
                    return null;
                }));
            }
            long began = System.nanoTime();
            start.countDown();
            for (Future<?> f : done) {
                f.get(10, TimeUnit.MINUTES);
            }
            return count / ((System.nanoTime() - began) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    private static String hex() {
        byte[] bytes = new byte[32];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
