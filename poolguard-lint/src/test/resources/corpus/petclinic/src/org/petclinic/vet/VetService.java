package org.petclinic.vet;

import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Spring Data repositories: findAll() reads the table, the filtering happens after. */
@Service
public class VetService {

    private final VetRepository vetRepository;
    private final OwnerRepository owners;
    private final VisitRepository visitRepository;
    private final PetRepository petRepository;

    public VetService(VetRepository vetRepository, OwnerRepository owners, VisitRepository visitRepository,
                      PetRepository petRepository) {
        this.vetRepository = vetRepository;
        this.owners = owners;
        this.visitRepository = visitRepository;
        this.petRepository = petRepository;
    }

    public Vet findVet(int id) {
        for (Vet vet : vetRepository.findAll()) { // expect: fetch-all-then-filter
            if (vet.id() == id) {
                return vet;
            }
        }
        return null;
    }

    public Optional<Owner> byTelephone(String telephone) {
        return owners.findAll().stream().filter(o -> o.telephone().equals(telephone)).findFirst(); // expect: fetch-all-then-filter
    }

    public Flux<Pet> petsNamed(String name) {
        return Mono.just(name).thenMany(petRepository.findAll()).filter(p -> p.name().equals(name)); // expect: fetch-all-then-filter
    }

    public List<Visit> recentVisits(Integer petId, LocalDate cutoff) {
        List<Visit> visits;
        if (petId == null) {
            visits = visitRepository.findAll(); // expect: fetch-all-then-filter
        } else {
            visits = visitRepository.findByPetId(petId);
        }
        return visits.stream().filter(v -> v.date().isAfter(cutoff)).collect(Collectors.toList());
    }

    /** The vets page: every vet, mapped, nothing searched. */
    public List<String> vetNames() {
        return vetRepository.findAll().stream().map(Vet::name).collect(Collectors.toList()); // ok
    }

    public Collection<Vet> some(List<Integer> ids) {
        return vetRepository.findAllById(ids); // ok: bounded by ids
    }

    record Vet(int id, String name) {
    }

    record Owner(int id, String telephone) {
    }

    record Pet(int id, String name) {
    }

    record Visit(int id, LocalDate date) {
    }

    interface VetRepository {
        List<Vet> findAll();

        List<Vet> findAllById(List<Integer> ids);
    }

    interface OwnerRepository {
        List<Owner> findAll();
    }

    interface VisitRepository {
        List<Visit> findAll();

        List<Visit> findByPetId(int petId);
    }

    interface PetRepository {
        Flux<Pet> findAll();
    }
}
