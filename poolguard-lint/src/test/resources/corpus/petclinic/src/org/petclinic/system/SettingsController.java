package org.petclinic.system;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Settings, cached specialties and uploaded files: whole collections, but none of them a table. */
public class SettingsController {

    private final ConfigService configService;
    private final SpecialtyCache specialtyCache;
    private final FileService fileService;

    public SettingsController(ConfigService configService, SpecialtyCache specialtyCache, FileService fileService) {
        this.configService = configService;
        this.specialtyCache = specialtyCache;
        this.fileService = fileService;
    }

    public Optional<String> setting(String key) {
        return configService.getAllSettings().stream().filter(s -> s.startsWith(key + "=")).findFirst(); // ok
    }

    public boolean isSpecialty(String name) {
        return specialtyCache.getAll().stream().anyMatch(s -> s.equals(name)); // ok
    }

    public List<String> images() {
        return fileService.listAllUploads().stream().filter(f -> f.endsWith(".png")).collect(Collectors.toList()); // ok
    }

    interface ConfigService {
        List<String> getAllSettings();
    }

    interface SpecialtyCache {
        List<String> getAll();
    }

    interface FileService {
        List<String> listAllUploads();
    }
}
