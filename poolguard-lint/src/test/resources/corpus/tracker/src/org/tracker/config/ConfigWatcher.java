package org.tracker.config;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Reloads configuration files; the watcher thread's failure reaches the default handler Main installs. */
public class ConfigWatcher {

    private final ConfigService configService;
    private final FileService fileService;
    private final DeviceManager deviceManager;

    public ConfigWatcher(ConfigService configService, FileService fileService, DeviceManager deviceManager) {
        this.configService = configService;
        this.fileService = fileService;
        this.deviceManager = deviceManager;
    }

    public void start() {
        new Thread(() -> watch()).start(); // ok: the default uncaught-exception handler logs it
    }

    public List<String> overrides(String prefix) {
        return configService.getAllProperties().stream().filter(p -> p.startsWith(prefix)) // ok: configuration
                .collect(Collectors.toList());
    }

    public List<Path> gpxFiles() {
        return fileService.listAllFiles().stream().filter(f -> f.toString().endsWith(".gpx")) // ok: a file listing
                .collect(Collectors.toList());
    }

    public boolean online(String uniqueId) {
        return deviceManager.getAllDevices().stream().anyMatch(d -> d.equals(uniqueId)); // ok: in memory
    }

    private void watch() {
        configService.reload();
    }

    interface ConfigService {
        List<String> getAllProperties();

        void reload();
    }

    interface FileService {
        List<Path> listAllFiles();
    }

    interface DeviceManager {
        List<String> getAllDevices();
    }
}
