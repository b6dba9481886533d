-- Bookings made in chat (issue 17): seats held under a row lock, optional travel insurance, an
-- idempotency key so a retried request never books twice, a payment confirmed or rolled back, and
-- an outbox of the messages a booking sends. The transactions are functions here, so each is ONE
-- round trip that takes its locks and decides inside PostgreSQL (flightly/bookings/booking_store.h
-- calls them); they run with the caller's rights (SECURITY INVOKER), so run_query's role, which may
-- not read bookings, cannot use them either.

-- A chat user is a customer by user id; two accounts may share a family's address.
ALTER TABLE customers DROP CONSTRAINT customers_email_key;
CREATE INDEX customers_email ON customers (lower(email));

-- The plans of data/knowledge/policies/travel-insurance.md, priced as a share of the insured trip
-- cost (per mille: Essential 4.5 %).
CREATE TABLE insurance_plans (
  plan          text PRIMARY KEY,
  title         text NOT NULL,
  rate_permille integer NOT NULL CHECK (rate_permille BETWEEN 0 AND 1000),
  coverage      jsonb NOT NULL
);
INSERT INTO insurance_plans VALUES
  ('essential', 'Essential', 45, '{"trip_cancellation": "100% of trip cost", "emergency_medical_usd": 25000, "baggage_usd": 1000, "cancel_for_any_reason": false}'),
  ('plus', 'Plus', 65, '{"trip_cancellation": "100% of trip cost", "emergency_medical_usd": 100000, "baggage_usd": 2000, "cancel_for_any_reason": false}'),
  ('premier', 'Premier', 90, '{"trip_cancellation": "100% of trip cost", "emergency_medical_usd": 250000, "baggage_usd": 2500, "cancel_for_any_reason": "75% of trip cost"}');

ALTER TABLE insurance_policies DROP CONSTRAINT insurance_policies_plan_check;
ALTER TABLE insurance_policies ADD CONSTRAINT insurance_policies_plan_fkey FOREIGN KEY (plan) REFERENCES insurance_plans (plan);
CREATE UNIQUE INDEX insurance_policies_one_per_booking ON insurance_policies (booking_id);

ALTER TABLE bookings
  ADD COLUMN user_id         text,            -- the chat user who booked (customers.user_id)
  ADD COLUMN idempotency_key text UNIQUE,     -- the request's, scoped by the user: a retry finds it
  ADD COLUMN contact_email   text,            -- where the confirmation went
  ADD COLUMN fare_cents      bigint,          -- a person's fare when held
  ADD COLUMN insurance_cents bigint NOT NULL DEFAULT 0,
  ADD COLUMN refunded_cents  bigint NOT NULL DEFAULT 0 CHECK (refunded_cents >= 0),
  ADD COLUMN credit_cents    bigint NOT NULL DEFAULT 0 CHECK (credit_cents >= 0),  -- Flightly credit on cancel
  ADD COLUMN status_reason   text,            -- why it was cancelled: "payment declined", …
  ADD COLUMN hold_expires_at timestamptz;     -- a held booking's seats go back after this
CREATE INDEX bookings_user ON bookings (user_id, created_at DESC, id DESC);
CREATE INDEX bookings_held ON bookings (flight_id, hold_expires_at) WHERE status = 'held';

ALTER TABLE payments
  ADD COLUMN processor_charge_id text,
  ADD COLUMN refunded_cents      bigint NOT NULL DEFAULT 0 CHECK (refunded_cents >= 0),
  ADD COLUMN failure             text;        -- a failed payment: the processor's decline code, "timeout"
ALTER TABLE payments DROP CONSTRAINT payments_amount_cents_check;
ALTER TABLE payments ADD CONSTRAINT payments_amount_cents_check CHECK (amount_cents >= 0);

-- What a booking tells its customer, written in the booking's own transaction; a mailer (or a
-- test) reads it. One confirmation and one cancellation per booking at most.
CREATE TABLE booking_outbox (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  booking_id bigint NOT NULL REFERENCES bookings (id),
  kind       text NOT NULL CHECK (kind IN ('confirmation', 'cancellation')),
  address    text NOT NULL,
  subject    text NOT NULL,
  body       text NOT NULL,
  payload    jsonb NOT NULL,                  -- itinerary, insurance, amounts
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at    timestamptz,
  UNIQUE (booking_id, kind)
);

-- Holds p_passengers seats of p_flight for p_user under p_key. The key is kept with the flight's
-- route ("KEY|LAS-HNL"): one request holds once per route, so a retry that picks another flight of
-- the route (its search found other seats) finds the first booking. Outcomes: 'held' (a new
-- booking), 'existing' (the key booked already: that booking, whatever it became), 'sold_out',
-- 'no_flight', 'departed', 'no_plan' (an unknown insurance plan). The flight's row lock orders the
-- holds of one flight; holds of it that expired give their seats back first.
CREATE FUNCTION flightly_hold_booking(p_user text, p_key text, p_flight bigint, p_passengers integer,
                                      p_plan text, p_email text, p_name text, p_session text,
                                      p_hold_minutes integer)
RETURNS TABLE (outcome text, booking_id bigint) LANGUAGE plpgsql AS $$
DECLARE
  v_flight   flights%ROWTYPE;
  v_key      text;
  v_customer bigint;
  v_rate     integer := 0;
  v_premium  bigint := 0;
  v_ref      text;
  v_id       bigint;
  v_freed    bigint;
  v_expired  bigint[];
  v_constraint text;
BEGIN
  IF p_plan IS NOT NULL THEN
    SELECT rate_permille INTO v_rate FROM insurance_plans WHERE plan = p_plan;
    IF NOT FOUND THEN RETURN QUERY SELECT 'no_plan'::text, NULL::bigint; RETURN; END IF;
  END IF;
  SELECT * INTO v_flight FROM flights WHERE id = p_flight FOR UPDATE;
  IF NOT FOUND THEN RETURN QUERY SELECT 'no_flight'::text, NULL::bigint; RETURN; END IF;
  v_key := p_key || '|' || v_flight.origin || '-' || v_flight.destination;
  -- Booked already (a retry), or by a request with the same key that held while this one waited.
  SELECT b.id INTO v_id FROM bookings b WHERE b.idempotency_key = v_key;
  IF FOUND THEN RETURN QUERY SELECT 'existing'::text, v_id; RETURN; END IF;
  IF v_flight.depart_time <= now() THEN RETURN QUERY SELECT 'departed'::text, NULL::bigint; RETURN; END IF;
  WITH expired AS (
    UPDATE bookings b SET status = 'cancelled', status_reason = 'hold expired', hold_expires_at = NULL,
                          updated_at = now()
    WHERE b.flight_id = p_flight AND b.status = 'held' AND b.hold_expires_at < now()
    RETURNING b.id, b.passengers)
  SELECT coalesce(sum(passengers), 0), array_agg(id) INTO v_freed, v_expired FROM expired;
  IF v_freed > 0 THEN
    UPDATE insurance_policies SET status = 'cancelled' WHERE insurance_policies.booking_id = ANY (v_expired);
    UPDATE flights SET seats_left = seats_left + v_freed WHERE id = p_flight;
    v_flight.seats_left := v_flight.seats_left + v_freed;
  END IF;
  IF v_flight.seats_left < p_passengers THEN RETURN QUERY SELECT 'sold_out'::text, NULL::bigint; RETURN; END IF;
  INSERT INTO customers AS c (user_id, name, email) VALUES (p_user, p_name, p_email)
  ON CONFLICT (user_id) DO UPDATE SET email = EXCLUDED.email
  RETURNING c.id INTO v_customer;
  v_premium := (v_flight.fare_cents * p_passengers * v_rate + 500) / 1000;
  LOOP
    v_ref := '';
    FOR i IN 1..6 LOOP
      v_ref := v_ref || substr('ABCDEFGHJKLMNPQRSTUVWXYZ23456789', 1 + floor(random() * 32)::integer, 1);
    END LOOP;
    BEGIN  -- the seats and the booking together: a failed insert takes its seats back with it
      UPDATE flights SET seats_left = seats_left - p_passengers WHERE id = p_flight;
      INSERT INTO bookings (reference, customer_id, flight_id, passengers, status, total_cents, currency,
                            session_id, user_id, idempotency_key, contact_email, fare_cents, insurance_cents,
                            hold_expires_at)
      VALUES (v_ref, v_customer, p_flight, p_passengers, 'held',
              v_flight.fare_cents * p_passengers + v_premium, v_flight.currency, p_session, p_user, v_key,
              p_email, v_flight.fare_cents, v_premium, now() + make_interval(mins => p_hold_minutes))
      RETURNING id INTO v_id;
      EXIT;
    EXCEPTION WHEN unique_violation THEN
      GET STACKED DIAGNOSTICS v_constraint = CONSTRAINT_NAME;
      IF v_constraint = 'bookings_reference_key' THEN CONTINUE; END IF;
      -- The same key, held on another flight of the route by a request that raced this one.
      SELECT b.id INTO v_id FROM bookings b WHERE b.idempotency_key = v_key;
      RETURN QUERY SELECT 'existing'::text, v_id;
      RETURN;
    END;
  END LOOP;
  IF p_plan IS NOT NULL THEN
    INSERT INTO insurance_policies (booking_id, plan, premium_cents, coverage)
    SELECT v_id, p_plan, v_premium, coverage FROM insurance_plans WHERE plan = p_plan;
  END IF;
  RETURN QUERY SELECT 'held'::text, v_id;
END $$;

-- Confirms a held booking paid by the processor's charge: the payment captured, the booking
-- confirmed and its confirmation in the outbox, at once. Outcomes: 'confirmed' (now or already),
-- 'cancelled' (the hold was released first: the caller refunds the charge), 'no_booking'.
CREATE FUNCTION flightly_confirm_booking(p_booking bigint, p_payment_key text, p_charge text, p_amount bigint,
                                         p_method text, p_subject text, p_body text, p_payload jsonb)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  v_booking bookings%ROWTYPE;
BEGIN
  SELECT * INTO v_booking FROM bookings WHERE id = p_booking FOR UPDATE;
  IF NOT FOUND THEN RETURN 'no_booking'; END IF;
  IF v_booking.status <> 'held' THEN RETURN v_booking.status; END IF;
  INSERT INTO payments (booking_id, amount_cents, currency, method, status, idempotency_key, processor_charge_id)
  VALUES (p_booking, p_amount, v_booking.currency, p_method, 'captured', p_payment_key, p_charge)
  ON CONFLICT (idempotency_key) DO UPDATE SET status = 'captured', processor_charge_id = EXCLUDED.processor_charge_id,
                                              failure = NULL;
  UPDATE bookings SET status = 'confirmed', hold_expires_at = NULL, updated_at = now() WHERE id = p_booking;
  INSERT INTO booking_outbox (booking_id, kind, address, subject, body, payload)
  VALUES (p_booking, 'confirmation', v_booking.contact_email, p_subject, p_body, p_payload)
  ON CONFLICT (booking_id, kind) DO NOTHING;
  RETURN 'confirmed';
END $$;

-- Gives a held booking's seats back (its payment was declined, timed out, or never came): the
-- booking and its insurance cancelled, the failed payment kept with its reason. Outcomes:
-- 'released', or the status the booking already had ('confirmed' is never undone here).
CREATE FUNCTION flightly_release_booking(p_booking bigint, p_reason text, p_payment_key text, p_amount bigint,
                                         p_method text, p_failure text)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  v_booking bookings%ROWTYPE;
BEGIN
  SELECT * INTO v_booking FROM bookings WHERE id = p_booking FOR UPDATE;
  IF NOT FOUND THEN RETURN 'no_booking'; END IF;
  IF v_booking.status <> 'held' THEN RETURN v_booking.status; END IF;
  UPDATE flights SET seats_left = seats_left + v_booking.passengers WHERE id = v_booking.flight_id;
  UPDATE bookings SET status = 'cancelled', status_reason = p_reason, hold_expires_at = NULL, updated_at = now()
  WHERE id = p_booking;
  UPDATE insurance_policies SET status = 'cancelled' WHERE booking_id = p_booking;
  IF p_payment_key IS NOT NULL THEN
    INSERT INTO payments (booking_id, amount_cents, currency, method, status, idempotency_key, failure)
    VALUES (p_booking, p_amount, v_booking.currency, p_method, 'failed', p_payment_key, p_failure)
    ON CONFLICT (idempotency_key) DO NOTHING;
  END IF;
  RETURN 'released';
END $$;

-- Cancels a confirmed booking whose refund the processor made (p_refund_cents, 0 for none): seats
-- back, insurance cancelled, the payment marked refunded, the credit kept, the cancellation in the
-- outbox. Outcomes: 'cancelled', or the status it had when it was not confirmed.
CREATE FUNCTION flightly_cancel_booking(p_booking bigint, p_refund_cents bigint, p_credit_cents bigint,
                                        p_subject text, p_body text, p_payload jsonb)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  v_booking bookings%ROWTYPE;
BEGIN
  SELECT * INTO v_booking FROM bookings WHERE id = p_booking FOR UPDATE;
  IF NOT FOUND THEN RETURN 'no_booking'; END IF;
  IF v_booking.status <> 'confirmed' THEN RETURN v_booking.status; END IF;
  UPDATE flights SET seats_left = seats_left + v_booking.passengers
  WHERE id = v_booking.flight_id AND depart_time > now();
  UPDATE bookings SET status = 'cancelled', status_reason = 'cancelled by the customer',
                      refunded_cents = p_refund_cents, credit_cents = p_credit_cents, updated_at = now()
  WHERE id = p_booking;
  UPDATE insurance_policies SET status = 'cancelled' WHERE booking_id = p_booking;
  UPDATE payments SET refunded_cents = p_refund_cents,
                      status = CASE WHEN p_refund_cents > 0 THEN 'refunded' ELSE status END
  WHERE booking_id = p_booking AND status = 'captured';
  INSERT INTO booking_outbox (booking_id, kind, address, subject, body, payload)
  VALUES (p_booking, 'cancellation', v_booking.contact_email, p_subject, p_body, p_payload)
  ON CONFLICT (booking_id, kind) DO NOTHING;
  RETURN 'cancelled';
END $$;
