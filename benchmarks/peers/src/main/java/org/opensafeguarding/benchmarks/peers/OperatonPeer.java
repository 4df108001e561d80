package org.opensafeguarding.benchmarks.peers;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.Map;
import org.operaton.bpm.engine.ProcessEngine;
import org.operaton.bpm.engine.ProcessEngineConfiguration;
import org.operaton.bpm.engine.delegate.JavaDelegate;
import org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.operaton.bpm.engine.impl.cfg.TransactionState;
import org.operaton.bpm.engine.impl.context.Context;

/**
 * Operaton embedded in this JVM, its defaults except the history level, on its own durable PostgreSQL. The service
 * task is {@code asyncBefore}: the start command commits the instance with a job, the job executor (hinted on
 * commit, so it does not wait for its next acquisition) locks and runs it. "Job activation" = the delegate being
 * called on a job executor thread; "completion" = the job's transaction, which runs the delegate and ends the
 * instance, committed.
 */
final class OperatonPeer implements Peer {

    private static final String PROCESS = """
            <?xml version="1.0" encoding="UTF-8"?>
            <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
                         xmlns:operaton="http://operaton.org/schema/1.0/bpmn"
                         targetNamespace="peers">
              <process id="one-task" isExecutable="true" operaton:historyTimeToLive="1">
                <startEvent id="start"/>
                <sequenceFlow id="f1" sourceRef="start" targetRef="task"/>
                <serviceTask id="task" operaton:asyncBefore="true" operaton:delegateExpression="${work}"/>
                <sequenceFlow id="f2" sourceRef="task" targetRef="end"/>
                <endEvent id="end"/>
              </process>
            </definitions>
            """;

    private final EmbeddedPostgres postgres;
    private final ProcessEngine engine;
    private volatile Recorder recorder;

    OperatonPeer() throws Exception {
        postgres = DurablePostgres.start("operaton");
        JavaDelegate work = execution -> {
            long t0 = (Long) execution.getVariable("t0");
            Recorder target = recorder;
            target.activated(t0);
            Context.getCommandContext().getTransactionContext()
                    .addTransactionListener(TransactionState.COMMITTED, context -> target.completed(t0));
        };
        ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) ProcessEngineConfiguration
                .createStandaloneProcessEngineConfiguration()
                .setJdbcUrl(DurablePostgres.jdbcUrl(postgres))
                .setJdbcUsername("postgres")
                .setJdbcPassword("postgres")
                .setJdbcDriver("org.postgresql.Driver")
                .setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_TRUE)
                .setHistory(ProcessEngineConfiguration.HISTORY_AUDIT)
                .setJobExecutorActivate(true)
                // the starter threads and the job threads each hold a connection; and on a loaded machine a
                // transaction may outlast MyBatis' 20 s checkout limit, after which the pool breaks its connection
                .setJdbcMaxActiveConnections(40)
                .setJdbcMaxCheckoutTime(300_000);
        configuration.setBeans(Map.<Object, Object>of("work", work));
        engine = configuration.buildProcessEngine();
    }

    @Override
    public String name() {
        return "Operaton";
    }

    @Override
    public void prepare(Recorder recorder) {
        this.recorder = recorder;
        engine.getRepositoryService().createDeployment()
                .addString("one-task.bpmn", PROCESS)
                .deploy();
    }

    @Override
    public void startInstance(long t0, Runnable answered) {
        try {
            engine.getRuntimeService().startProcessInstanceByKey("one-task", Map.of("t0", t0));
        } finally {
            answered.run();
        }
    }

    @Override
    public void close() throws Exception {
        engine.close();
        postgres.close();
    }
}
