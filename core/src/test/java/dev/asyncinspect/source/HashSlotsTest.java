package dev.asyncinspect.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Every entry put is found again by probing, through growth and however many share a hash code. */
class HashSlotsTest {

    private static int find(HashSlots slots, int hash, int entry) {
        for (int slot = slots.first(hash); !slots.isFree(slot); slot = slots.next(slot)) {
            if (slots.hash(slot) == hash && slots.entry(slot) == entry) {
                return slot;
            }
        }
        return -1;
    }

    @Test
    void entriesSurviveGrowthAndSharedHashCodes() {
        HashSlots slots = new HashSlots();
        int entries = 200_000;
        for (int entry = 0; entry < entries; entry++) {
            int hash = entry % 997 == 0 ? 42 : entry * 31;      // every 997th entry shares one hash code
            int slot = slots.first(hash);
            while (!slots.isFree(slot)) {
                slot = slots.next(slot);
            }
            slots.put(slot, hash, entry);
        }
        for (int entry = 0; entry < entries; entry++) {
            int hash = entry % 997 == 0 ? 42 : entry * 31;
            assertThat(find(slots, hash, entry)).as("entry %d", entry).isNotNegative();
        }
        assertThat(find(slots, 7, 12345)).isNegative();
    }
}
