package io.inferline.celery.config;

import io.inferline.celery.domain.PriorityRule;
import io.micronaut.context.annotation.ConfigurationProperties;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

/** The Celery compatibility worker ({@code inferline.celery.*}); docs/celery.md explains each setting. */
@ConfigurationProperties(CeleryProperties.PREFIX)
public class CeleryProperties {

    public static final String PREFIX = "inferline.celery";

    /** Base URL of the Inferline API the jobs are submitted to. Default {@code http://127.0.0.1:8080}. */
    private String apiUrl = "http://127.0.0.1:8080";

    /** API key the jobs are submitted with (a secret: from the environment only). */
    private String apiKey;

    /** Brokers to consume, each {@code amqp://…} or {@code redis://…}, as Celery's {@code broker_url}. None: idle. */
    private List<String> brokers = List.of();

    /** Celery's {@code result_backend}: a {@code redis://} URL. Required when a broker is set. */
    private String resultBackend;

    /** Queues consumed on every broker. Default {@code celery}, Celery's default queue. */
    private List<String> queues = List.of("celery");

    /** Messages in work at once per broker (AMQP prefetch; Redis claims). Default 16. */
    private int concurrency = 16;

    /** TTL of results, as Celery's {@code result_expires}. Default 1 day. */
    private Duration resultExpires = Duration.ofDays(1);

    /** Write the request into results, as Celery's {@code result_extended}. Default false. */
    private boolean resultExtended;

    /** Worker name reported with {@code result_extended}. Default {@code inferline-celery@<host name>}. */
    private String workerName = "inferline-celery@" + hostName();

    /** Redis transport: a claimed message not acknowledged for this long (its worker died) is queued again. */
    private Duration visibilityTimeout = Duration.ofSeconds(30);

    /** Redis transport: how often an idle worker looks for messages. Default 50 ms. */
    private Duration pollInterval = Duration.ofMillis(50);

    /** How often tasks due now (eta, retries) are looked for. Default 500 ms. */
    private Duration schedulerInterval = Duration.ofMillis(500);

    /** How long a message is held while the API is unavailable before it is handed back to its broker. */
    private Duration submitHold = Duration.ofSeconds(60);

    /** A submitted task without a result after this long is looked up in the API (a lost event). Default 5 min. */
    private Duration reconcileAfter = Duration.ofMinutes(5);

    /** Finished tasks are remembered this long, so a redelivered message is recognised. Default 1 day. */
    private Duration taskRetention = Duration.ofDays(1);

    /** AMQP message priority from which a job is {@code high} (RabbitMQ: larger is more urgent). Default 5. */
    private int amqpHighPriorityFrom = PriorityRule.DEFAULT.amqpHighFrom();

    /** Redis message priority from which a job is {@code low} (kombu: smaller is more urgent). Default 5. */
    private int redisLowPriorityFrom = PriorityRule.DEFAULT.redisLowFrom();

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    public PriorityRule priorityRule() {
        return new PriorityRule(amqpHighPriorityFrom, redisLowPriorityFrom);
    }

    public String getApiUrl() {
        return apiUrl;
    }

    public void setApiUrl(String apiUrl) {
        this.apiUrl = apiUrl;
    }

    public String getApiKey() {
        return apiKey;
    }

    public void setApiKey(String apiKey) {
        this.apiKey = apiKey;
    }

    public List<String> getBrokers() {
        return brokers;
    }

    public void setBrokers(List<String> brokers) {
        this.brokers = brokers == null ? List.of()
                : brokers.stream().map(String::strip).filter(url -> !url.isEmpty()).toList();
    }

    public String getResultBackend() {
        return resultBackend;
    }

    public void setResultBackend(String resultBackend) {
        this.resultBackend = resultBackend == null || resultBackend.isBlank() ? null : resultBackend.strip();
    }

    public List<String> getQueues() {
        return queues;
    }

    public void setQueues(List<String> queues) {
        this.queues = queues.stream().map(String::strip).filter(queue -> !queue.isEmpty()).toList();
    }

    public int getConcurrency() {
        return concurrency;
    }

    public void setConcurrency(int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException(PREFIX + ".concurrency must be at least 1");
        }
        this.concurrency = concurrency;
    }

    public Duration getResultExpires() {
        return resultExpires;
    }

    public void setResultExpires(Duration resultExpires) {
        this.resultExpires = resultExpires;
    }

    public boolean isResultExtended() {
        return resultExtended;
    }

    public void setResultExtended(boolean resultExtended) {
        this.resultExtended = resultExtended;
    }

    public String getWorkerName() {
        return workerName;
    }

    public void setWorkerName(String workerName) {
        this.workerName = workerName;
    }

    public Duration getVisibilityTimeout() {
        return visibilityTimeout;
    }

    public void setVisibilityTimeout(Duration visibilityTimeout) {
        this.visibilityTimeout = visibilityTimeout;
    }

    public Duration getPollInterval() {
        return pollInterval;
    }

    public void setPollInterval(Duration pollInterval) {
        this.pollInterval = pollInterval;
    }

    public Duration getSchedulerInterval() {
        return schedulerInterval;
    }

    public void setSchedulerInterval(Duration schedulerInterval) {
        this.schedulerInterval = schedulerInterval;
    }

    public Duration getSubmitHold() {
        return submitHold;
    }

    public void setSubmitHold(Duration submitHold) {
        this.submitHold = submitHold;
    }

    public Duration getReconcileAfter() {
        return reconcileAfter;
    }

    public void setReconcileAfter(Duration reconcileAfter) {
        this.reconcileAfter = reconcileAfter;
    }

    public Duration getTaskRetention() {
        return taskRetention;
    }

    public void setTaskRetention(Duration taskRetention) {
        this.taskRetention = taskRetention;
    }

    public int getAmqpHighPriorityFrom() {
        return amqpHighPriorityFrom;
    }

    public void setAmqpHighPriorityFrom(int amqpHighPriorityFrom) {
        this.amqpHighPriorityFrom = amqpHighPriorityFrom;
    }

    public int getRedisLowPriorityFrom() {
        return redisLowPriorityFrom;
    }

    public void setRedisLowPriorityFrom(int redisLowPriorityFrom) {
        this.redisLowPriorityFrom = redisLowPriorityFrom;
    }
}
