package dev.poolguard.tasks;

import java.time.Instant;
import java.util.Map;

/**
 * A task submitted and not yet finished.
 *
 * @param name        the task's name
 * @param context     its context tags (campaign_id, user_id, ...)
 * @param submittedAt where it was submitted from, as {@code Class.method(File.java:line)}
 * @param submitted   when
 * @param running     whether it has started
 */
public record TaskInfo(String name, Map<String, String> context, String submittedAt, Instant submitted, boolean running) {
}
