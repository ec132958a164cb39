package org.chatserver.muc;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** Rooms live in a cluster cache; occupants in a manager's memory; only the DAO reads the database. */
public class RoomManager {

    private static final Map<String, Room> ROOM_CACHE = new ConcurrentHashMap<>();

    private final OccupantManager occupantManager;
    private final RoomDao roomDao;
    private final UserManager userManager;

    public RoomManager(OccupantManager occupantManager, RoomDao roomDao, UserManager userManager) {
        this.occupantManager = occupantManager;
        this.roomDao = roomDao;
        this.userManager = userManager;
    }

    public Collection<Room> getAllRooms() {
        return new ArrayList<>(ROOM_CACHE.values());
    }

    public Room findByJid(String jid) {
        return getAllRooms().stream().filter(r -> r.jid().equals(jid)).findFirst().orElse(null); // ok: the cache
    }

    public boolean isOccupant(String nickname) {
        return occupantManager.getAllOccupants().stream().anyMatch(o -> o.nickname().equals(nickname)); // ok: memory
    }

    public List<Room> persistentRooms() {
        return roomDao.getAllRooms().stream().filter(Room::persistent) // expect: fetch-all-then-filter
                .collect(Collectors.toList());
    }

    /** UserManager reads the user table, but a "manager" says nothing about where its data lives. */
    public boolean isRegistered(String username) {
        return userManager.getAllUsers().stream().anyMatch(u -> u.equals(username)); // missed: fetch-all-then-filter
    }

    record Room(String jid, boolean persistent) {
    }

    record Occupant(String nickname) {
    }

    interface OccupantManager {
        List<Occupant> getAllOccupants();
    }

    interface RoomDao {
        List<Room> getAllRooms();
    }

    interface UserManager {
        List<String> getAllUsers();
    }
}
