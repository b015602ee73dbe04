package dev.sentinel.core.schedule;

import java.time.Duration;
import java.util.Date;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongConsumer;
import org.quartz.CronScheduleBuilder;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;

/**
 * The only place Quartz is used. A private in-memory scheduler with {@code threads} firing threads;
 * a fire only queues the task's run, so a couple of threads fire any number of tasks on time.
 * Missed fires are skipped, not caught up: a probe result is only worth having on time.
 */
public final class QuartzTaskScheduler implements TaskScheduler {
  private static final String RUNNABLE = "runnable";
  private final Scheduler scheduler;

  public QuartzTaskScheduler(int threads) {
    Properties p = new Properties();
    p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, "sentinel-" + UUID.randomUUID());
    p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
    p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(threads));
    p.setProperty("org.quartz.threadPool.threadNamePrefix", "task-fire");
    p.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
    p.setProperty("org.quartz.scheduler.makeSchedulerThreadDaemon", "true");
    p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
    p.setProperty("org.quartz.jobStore.misfireThreshold", "1000");
    try {
      scheduler = new StdSchedulerFactory(p).getScheduler();
    } catch (SchedulerException e) {
      throw new IllegalStateException("cannot create the scheduler: " + e.getMessage(), e);
    }
  }

  /** Quartz job that hands its scheduled fire time to the task stored with it. */
  public static final class RunnableJob implements Job {
    @Override
    public void execute(JobExecutionContext context) {
      ((LongConsumer) context.getMergedJobDataMap().get(RUNNABLE))
          .accept(context.getScheduledFireTime().getTime());
    }
  }

  private JobDetail job(String id, LongConsumer run) {
    JobDataMap data = new JobDataMap();
    data.put(RUNNABLE, run);
    return JobBuilder.newJob(RunnableJob.class).withIdentity(id).usingJobData(data).build();
  }

  @Override
  public void every(String id, Duration interval, LongConsumer run) {
    long offset = ThreadLocalRandom.current().nextLong(Math.max(1, interval.toMillis()));
    Trigger trigger =
        TriggerBuilder.newTrigger()
            .withIdentity(id)
            .startAt(new Date(System.currentTimeMillis() + offset))
            .withSchedule(
                SimpleScheduleBuilder.simpleSchedule()
                    .withIntervalInMilliseconds(interval.toMillis())
                    .repeatForever()
                    .withMisfireHandlingInstructionNextWithRemainingCount())
            .build();
    add(job(id, run), trigger);
  }

  @Override
  public void cron(String id, String expression, LongConsumer run) {
    Trigger trigger =
        TriggerBuilder.newTrigger()
            .withIdentity(id)
            .withSchedule(
                CronScheduleBuilder.cronSchedule(expression)
                    .withMisfireHandlingInstructionDoNothing())
            .build();
    add(job(id, run), trigger);
  }

  private void add(JobDetail job, Trigger trigger) {
    try {
      scheduler.scheduleJob(job, trigger);
    } catch (SchedulerException e) {
      throw new IllegalStateException(
          "cannot schedule " + job.getKey().getName() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void remove(String id) {
    try {
      scheduler.deleteJob(JobKey.jobKey(id));
    } catch (SchedulerException e) {
      throw new IllegalStateException("cannot unschedule " + id + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void start() {
    try {
      scheduler.start();
    } catch (SchedulerException e) {
      throw new IllegalStateException("cannot start the scheduler: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      if (scheduler.isShutdown()) {
        return;
      }
      scheduler.shutdown(true); // fires only queue runs: the wait is for microseconds
    } catch (SchedulerException e) {
      throw new IllegalStateException("cannot stop the scheduler: " + e.getMessage(), e);
    }
  }
}
