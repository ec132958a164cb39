/**
 * The live pool dashboard: {@link dev.poolguard.dashboard.Dashboard} serves it on the JDK's HTTP server;
 * {@link dev.poolguard.dashboard.DashboardHandler} is the same page and JSON APIs for any web framework to mount.
 */
package dev.poolguard.dashboard;
