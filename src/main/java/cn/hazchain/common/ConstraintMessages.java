package cn.hazchain.common;

import java.util.Locale;
import java.util.Map;

/**
 * What a database rule that refused a request means, in words a client can act on. A problem never names the
 * constraint itself (issue #19, finding 3: "the request breaks licence_intake_tonnes_check"): known constraints have
 * their own sentence, any other gets one from its kind (SQLSTATE). The name goes to the log, for operators.
 * {@code ConstraintMessagesTest} checks that every name here is a constraint or unique index of the schema.
 */
final class ConstraintMessages {

    private ConstraintMessages() {
    }

    static final Map<String, String> KNOWN = Map.ofEntries(
            // unique values
            Map.entry("party_uscc_key", "a party with this unified social credit code (uscc) is already registered"),
            Map.entry("vehicle_plate_key", "a vehicle with this plate is already registered"),
            Map.entry("licence_number_key", "a licence with this number is already registered"),
            Map.entry("app_user_username_key", "this username is taken; choose another"),
            Map.entry("device_serial_key", "a handheld with this serial is already enrolled"),
            Map.entry("manifest_request_id_key", "this requestId was already used for another manifest; generate a new one for each request"),
            Map.entry("collection_round_request_id_key", "this requestId was already used for another round; generate a new one for each request"),
            Map.entry("custody_event_command_id_container_id_key", "this commandId was already used on this container; generate a new one for each command"),
            Map.entry("custody_event_container_id_seq_key", "the container was changed by another request at the same moment; read it again and retry"),
            Map.entry("manifest_number_key", "a manifest with this number already exists; retry to get the next number"),
            Map.entry("transfer_number_key", "a transfer with this number already exists; retry to get the next number"),
            Map.entry("container_label_id_key", "a container with this label ID already exists; retry to get the next sequence number"),
            Map.entry("manifest_line_manifest_id_waste_code_key", "a waste code appears on two lines of one manifest; put all its containers on one line"),
            Map.entry("alert_one_open_idx", "this alert is already open"),
            // references to other records
            Map.entry("transfer_driver_user_id_fkey", "the driver (driverUserId) does not exist"),
            Map.entry("transfer_vehicle_id_fkey", "the vehicle (vehicleId) does not exist"),
            Map.entry("transfer_receiver_party_id_fkey", "the receiver (receiverPartyId) does not exist"),
            Map.entry("transfer_origin_party_id_fkey", "the origin (originPartyId) does not exist"),
            Map.entry("transfer_carrier_party_id_fkey", "the carrier (carrierPartyId) does not exist"),
            Map.entry("collection_round_driver_user_id_fkey", "the driver (driverUserId) does not exist"),
            Map.entry("collection_round_vehicle_id_fkey", "the vehicle (vehicleId) does not exist"),
            Map.entry("round_stop_generator_party_id_fkey", "a stop's generator (generatorPartyId) does not exist"),
            Map.entry("container_disposal_method_fkey", "the method is not a treatment method code (R1-R9, R15, D1, D9, D10, D16, C1-C3, Y10-Y16)"),
            Map.entry("party_parent_id_fkey", "the collector a storage point belongs to (parentId) does not exist"),
            Map.entry("app_user_party_id_fkey", "the user's party (partyId) does not exist"),
            Map.entry("vehicle_owner_party_id_fkey", "the vehicle's owner (ownerPartyId) does not exist"),
            Map.entry("licence_holder_party_id_fkey", "the licence holder (holderPartyId) does not exist"),
            Map.entry("device_owner_party_id_fkey", "the handheld's owner (ownerPartyId) does not exist"),
            // values out of range
            Map.entry("licence_intake_tonnes_check", "a quantity received under a licence must be more than 0 t"),
            Map.entry("licence_approved_annual_t_check", "a licence's approved annual quantity must be more than 0 t"),
            Map.entry("licence_check", "a licence's validTo must not be before its validFrom"),
            Map.entry("licence_check1", "a licence permits at least one waste code or category"),
            Map.entry("container_estimated_weight_kg_check", "a container's estimated weight must be more than 0 kg"),
            Map.entry("container_volume_litres_check", "a container's volume must be 1 to 5000 litres"),
            Map.entry("vehicle_capacity_kg_check", "a vehicle's capacity must be more than 0 kg"),
            Map.entry("party_annual_generation_t_check", "a party's annual generation must not be negative"),
            Map.entry("party_latitude_check", "latitude must be between -90 and 90"),
            Map.entry("party_longitude_check", "longitude must be between -180 and 180"),
            Map.entry("custody_event_latitude_check", "latitude must be between -90 and 90"),
            Map.entry("custody_event_longitude_check", "longitude must be between -180 and 180"),
            Map.entry("round_stop_latitude_check", "latitude must be between -90 and 90"),
            Map.entry("round_stop_longitude_check", "longitude must be between -180 and 180"),
            Map.entry("round_stop_expected_containers_check", "a stop's expected containers must not be negative"),
            Map.entry("party_check", "a storage point, and only a storage point, belongs to a collector (parentId)"),
            Map.entry("app_user_username_check", "a username has 3-64 characters: lower-case letters, digits, '.', '_', '-'"),
            Map.entry("app_user_roles_check", "a user holds at least one role"),
            Map.entry("device_serial_check", "a serial has 3-64 characters: upper-case letters, digits, '.', '_', '-'"),
            Map.entry("photo_sha256_check", "a photo is named by its SHA-256: 64 lower-case hexadecimal digits"),
            Map.entry("manifest_counter_last_serial_check", "this year's manifest numbers for the city are used up (999999)"),
            Map.entry("label_counter_last_seq_check", "the label sequence for this generator, code and day is used up (999)"));

    /** Words for the rule {@code constraint} (may be null) of kind {@code sqlState} (23505, 23503…). */
    static String describe(String constraint, String sqlState) {
        String known = constraint == null ? null : KNOWN.get(constraint.toLowerCase(Locale.ROOT));
        if (known != null) {
            return known;
        }
        return switch (sqlState == null ? "" : sqlState) {
            case "23505" -> "a record with the same unique value already exists; use another value or change the existing record";
            case "23503" -> "the request refers to a record that does not exist; check the ids you sent";
            case "23514" -> "a value is outside what is allowed for it; check the values you sent";
            case "23502" -> "a required value is missing; check the values you sent";
            case "23P01" -> "the request overlaps an existing record";
            default -> "the request breaks a rule of the stored data; check the values you sent";
        };
    }
}
