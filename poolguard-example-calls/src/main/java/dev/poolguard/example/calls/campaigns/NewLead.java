package dev.poolguard.example.calls.campaigns;

/** One lead in {@code POST /campaigns/{id}/leads}; {@code score} (0..100, default 0) ranks leads in the summary. */
public record NewLead(String name, String phone, Integer score) {
}
