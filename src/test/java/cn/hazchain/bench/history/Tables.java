package cn.hazchain.bench.history;

import java.sql.Connection;
import java.sql.SQLException;

/** The COPY streams of every table the history writes, with their columns in the order rows give them. */
final class Tables implements AutoCloseable {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** An event's facts as the service writes them into custody_event.facts (a JSON object of text values). */
    static String json(java.util.Map<String, String> facts) {
        try {
            return JSON.writeValueAsString(facts);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    final CopyWriter writer;
    final CopyWriter.Table party;
    final CopyWriter.Table vehicle;
    final CopyWriter.Table licence;
    final CopyWriter.Table appUser;
    final CopyWriter.Table device;
    final CopyWriter.Table round;
    final CopyWriter.Table roundStop;
    final CopyWriter.Table manifest;
    final CopyWriter.Table manifestLine;
    final CopyWriter.Table labelCounter;
    final CopyWriter.Table container;
    final CopyWriter.Table lot;
    final CopyWriter.Table transfer;
    final CopyWriter.Table transferItem;
    final CopyWriter.Table event;
    final CopyWriter.Table intake;

    Tables(Connection connection) throws SQLException {
        writer = new CopyWriter(connection);
        party = writer.table("party", "id", "uscc", "kind", "name", "town", "address", "contact_name", "contact_phone", "latitude", "longitude",
                "industry", "annual_generation_t", "parent_id", "created_at", "updated_at", "version");
        vehicle = writer.table("vehicle", "id", "owner_party_id", "plate", "dg_permit_no", "capacity_kg", "created_at", "version");
        licence = writer.table("licence", "id", "number", "holder_party_id", "kind", "permitted_codes", "permitted_categories", "approved_annual_t",
                "valid_from", "valid_to", "created_at", "version");
        appUser = writer.table("app_user", "id", "username", "display_name", "password_hash", "party_id", "roles", "enabled", "failed_logins",
                "locked_until", "created_at", "version");
        device = writer.table("device", "id", "serial", "owner_party_id", "model", "note", "enrolled_by", "enrolled_at", "revoked_at", "revoked_by",
                "revoke_reason", "last_seen_at", "version");
        round = writer.table("collection_round", "id", "collector_party_id", "round_date", "vehicle_id", "driver_user_id", "note", "created_by",
                "created_at", "request_id", "version");
        roundStop = writer.table("round_stop", "round_id", "seq", "generator_party_id", "address", "latitude", "longitude", "expected_codes",
                "expected_containers", "note");
        manifest = writer.table("manifest", "id", "number", "kind", "generator_party_id", "collector_party_id", "catalogue_edition", "pickup_date",
                "emergency_measures", "note", "created_by", "request_id", "cancelled_at", "cancelled_by", "cancel_reason", "created_at", "version");
        manifestLine = writer.table("manifest_line", "id", "manifest_id", "line_no", "waste_code", "waste_name", "category", "hazards",
                "physical_form", "main_components");
        labelCounter = writer.table("label_counter", "uscc", "waste_code", "day", "last_seq");
        container = writer.table("container", "id", "label_id", "manifest_id", "line_id", "generator_party_id", "waste_code", "container_type",
                "volume_litres", "estimated_weight_kg", "generation_date", "state", "label_key_id", "label_token", "created_at", "updated_at",
                "version", "custodian_party_id", "storage_point_id", "last_storage_point_id", "lot_id", "transfer_id", "last_weight_kg", "collected_weight_kg",
                "received_weight_kg", "refused_weight_kg", "acceptance", "disposal_method", "weight_flag", "last_event_at");
        lot = writer.table("lot", "id", "storage_point_id", "waste_code", "created_by", "created_at", "version");
        transfer = writer.table("transfer", "id", "number", "shipper_party_id", "origin_party_id", "carrier_party_id", "receiver_party_id",
                "vehicle_id", "driver_user_id", "planned_date", "created_by", "created_at", "version");
        transferItem = writer.table("transfer_item", "transfer_id", "container_id", "lot_id");
        event = writer.table("custody_event", "id", "hash_version", "container_id", "seq", "type", "from_state", "to_state", "command_id",
                "manifest_id", "lot_id", "transfer_id", "generator_party_id", "storage_point_id", "actor_user_id", "actor_party_id", "device_id",
                "client_time", "server_time", "latitude", "longitude", "weight_kg", "weight_deviation", "photo_sha256", "note", "details", "facts",
                "prev_hash", "hash", "clock_flags");
        intake = writer.table("licence_intake", "id", "licence_id", "received_on", "waste_code", "tonnes", "reference", "recorded_at");
    }

    @Override
    public void close() throws java.io.IOException {
        writer.close();
    }
}
