package com.acme;

import com.zaxxer.hikari.HikariConfig;

/** The documented example's one class allowed to touch HikariCP. */
final class DatabaseConfiguration {

    HikariConfig hikari() {
        return new HikariConfig();
    }
}
