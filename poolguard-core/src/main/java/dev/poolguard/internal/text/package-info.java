/** Not API. Numbers and durations as people read them in Poolguard's reports ({@code Human}). */
package dev.poolguard.internal.text;
