-- 0018: settling holds that ran out unpaid, and forgetting a customer.
--
-- A hold whose payment never confirmed (the customer walked away, or the turn paying for it crashed
-- and was never retried) may still have a charge at the processor under its key
-- "pay:<reference>". The reconciler (flightly/bookings/reconciler.h) releases such holds, voids that
-- key once (so no charge stands and none can land later) and notes here that it did.

ALTER TABLE bookings ADD COLUMN lapse_settled_at timestamptz;  -- the key was voided

-- What the reconciler still has to settle: holds a lapse cancelled (here or in flightly_hold_booking).
CREATE INDEX bookings_lapsed ON bookings (id) WHERE status_reason = 'hold expired' AND lapse_settled_at IS NULL;

-- Notes that a lapsed booking's payment key was voided: with the charge the void found (p_charge
-- not NULL), that payment is kept as failed. Outcomes: 'settled', or the booking's status when it
-- was not a lapsed hold ('confirmed': it was paid after all and nothing is noted).
CREATE FUNCTION flightly_settle_lapse(p_booking bigint, p_payment_key text, p_charge text, p_amount bigint)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  v_booking bookings%ROWTYPE;
BEGIN
  SELECT * INTO v_booking FROM bookings WHERE id = p_booking FOR UPDATE;
  IF NOT FOUND THEN RETURN 'no_booking'; END IF;
  IF v_booking.status <> 'cancelled' OR v_booking.status_reason <> 'hold expired' THEN
    RETURN v_booking.status;
  END IF;
  IF p_charge IS NOT NULL THEN
    INSERT INTO payments (booking_id, amount_cents, currency, method, status, idempotency_key,
                          processor_charge_id, failure)
    VALUES (p_booking, p_amount, v_booking.currency, 'card', 'failed', p_payment_key, p_charge,
            'hold expired: charge voided')
    ON CONFLICT (idempotency_key) DO NOTHING;
  END IF;
  UPDATE bookings SET lapse_settled_at = now() WHERE id = p_booking;
  RETURN 'settled';
END $$;

-- Forgets a chat user as a customer (DELETE /v1/users/{id}). Their bookings and payments stay — the
-- books must still balance, and a processor's charge must still match a booking — but not who made
-- them: the user id, the contact address, the session and the request's key go, the customer's
-- name and email are replaced, and the messages addressed to them (booking_outbox) are deleted. A
-- held booking of theirs can no longer be paid; it lapses and the reconciler settles it. Returns the
-- number of bookings unlinked.
CREATE FUNCTION flightly_forget_customer(p_user text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  v_count bigint;
BEGIN
  DELETE FROM booking_outbox o USING bookings b WHERE o.booking_id = b.id AND b.user_id = p_user;
  UPDATE bookings SET user_id = NULL, contact_email = NULL, session_id = NULL, idempotency_key = NULL,
                      updated_at = now()
  WHERE user_id = p_user;
  GET DIAGNOSTICS v_count = ROW_COUNT;
  UPDATE customers SET user_id = NULL, name = 'forgotten customer', email = 'forgotten-' || id || '@invalid',
                       phone = NULL, home_airport = NULL
  WHERE user_id = p_user;
  RETURN v_count;
END $$;
