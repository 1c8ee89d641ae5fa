/*
 * Squall's browser client for the bridge. It wraps the standard @vertx/eventbus-bridge-client.js (EventBus) with
 * what a real-time page needs:
 *   - reconnects with jittered exponential backoff, and at once when the node says `reconnect` (it is draining);
 *   - re-registration of every handler after a reconnect, on whatever node the load balancer picks;
 *   - channel resume: for `channel.<name>` addresses it remembers the last sequence number seen and registers with
 *     `since`, so the app gets every channel message once, in order, across reconnects and node changes (a message
 *     the channel store kept twice, under two seqs with one `id`, once too).
 *
 *   <script src="/eventbus/sockjs.min.js"></script>
 *   <script src="/eventbus/vertx-eventbus.js"></script>
 *   <script src="/eventbus/client.js"></script>
 *   var bus = Squall.connect('/eventbus', {token: function () { return myToken; }});   // or a Promise of one,
 *                                                                                   // asked at every (re)connect
 *   bus.onstatus = function (status) { ... };               // 'connecting', 'open', 'reconnecting', 'closed'
 *   bus.subscribe('channel.room.lobby', function (msg) { ... msg.seq, msg.data ... },
 *                 {since: 41, onReload: function () { location.reload(); }});
 *   bus.send('chat.post', {room: 'lobby', text: 'hi'}, function (err, reply) { ... }, {idempotent: true});
 *
 * An idempotent send carries an `idempotency-key` header, new for each send (or options.idempotencyKey): its receiver
 * applies it once (chat.post does), so the bridge may send it to another node when the first one dies, and the app may
 * send it again with the same key after an error.
 */
(function (root) {
  'use strict';

  var CHANNEL = /^channel\.(?!.*\.presence$)/;
  // a retried store's second copy of a message comes moments after the first: a short memory of ids suffices
  // (RecentIds.DEFAULT_CAPACITY on the server)
  var RECENT_IDS = 64;

  /** Whether `id` is among the subscription's recent ids; remembers it if not. */
  function seenBefore(sub, id) {
    if (sub.ids.indexOf(id) >= 0) { return true; }
    sub.ids.push(id);
    if (sub.ids.length > RECENT_IDS) { sub.ids.shift(); }
    return false;
  }

  function Bus(url, options) {
    this.url = url;
    this.options = options || {};
    this.subscriptions = {};
    this.status = 'connecting';
    this.attempts = 0;
    this.closedByApp = false;
    this.onstatus = null;
    this.onerror = function (err) {
      if (root.console) { root.console.warn('squall bus:', err); }
    };
    this._open();
  }

  Bus.prototype._setStatus = function (status) {
    this.status = status;
    if (this.onstatus) { this.onstatus(status); }
  };

  Bus.prototype._open = function () {
    var self = this;
    var token = typeof this.options.token === 'function' ? this.options.token() : this.options.token;
    if (token && typeof token.then === 'function') {
      // a token fetched per connection (the bridge closes a socket when its token expires; the page's session hands
      // out a renewed one): connect once it is here
      token.then(function (t) { self._connect(t); }, function () { self._connect(null); });
    } else {
      this._connect(token);
    }
  };

  Bus.prototype._connect = function (token) {
    var self = this;
    if (this.closedByApp) { return; }
    var url = this.url;
    if (token) { url += (url.indexOf('?') < 0 ? '?' : '&') + 'token=' + encodeURIComponent(token); }
    var sockOptions = {vertxbus_ping_interval: this.options.pingInterval || 20000};
    if (this.options.transports) { sockOptions.transports = this.options.transports; }
    var eb = new root.EventBus(url, sockOptions);
    this.eb = eb;
    eb.onopen = function () {
      if (eb !== self.eb) { return; }
      self.attempts = 0;
      Object.keys(self.subscriptions).forEach(function (address) { self._register(address); });
      self._setStatus('open');
    };
    eb.onclose = function () {
      if (eb !== self.eb) { return; }
      if (self.closedByApp) { self._setStatus('closed'); return; }
      self._setStatus('reconnecting');
      self._retry(self._backoff());
    };
    eb.onunhandled = function (json) {
      if (json.type === 'reconnect') {
        // the node is shutting down: go to another one now (with a little jitter so a node's sockets spread)
        self._retry(Math.floor(Math.random() * 500));
      } else if (json.type === 'err') {
        self.onerror(json);
      }
    };
    eb.onerror = function (err) { self.onerror(err); };
  };

  Bus.prototype._backoff = function () {
    var base = Math.min(this.options.maxDelay || 15000, (this.options.minDelay || 500) * Math.pow(2, this.attempts));
    this.attempts++;
    return Math.floor(base / 2 + Math.random() * base / 2);
  };

  Bus.prototype._retry = function (delay) {
    var self = this;
    var old = this.eb;
    this.eb = null;
    if (old) {
      old.onclose = null;
      try { old.close(); } catch (e) { /* already closed */ }
    }
    if (this.closedByApp) { return; }
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { self._open(); }, delay);
  };

  Bus.prototype._register = function (address) {
    var self = this;
    var sub = this.subscriptions[address];
    var headers = {};
    if (sub.channel && sub.last >= 0) { headers.since = sub.last; }
    sub.listener = function (err, message) {
      if (err) {
        if (err.message === 'reload' && sub.onReload) { sub.onReload(); } else { self.onerror(err); }
        return;
      }
      var body = message.body;
      if (sub.channel && body && typeof body.seq === 'number') {
        if (body.seq <= sub.last) { return; }
        sub.last = body.seq;
        if (typeof body.id === 'string' && seenBefore(sub, body.id)) { return; }
      }
      sub.handlers.forEach(function (h) { h(body, message); });
    };
    this.eb.registerHandler(address, headers, sub.listener);
  };

  /** Listen at `address`; for channels, options.since resumes after that sequence number. */
  Bus.prototype.subscribe = function (address, handler, options) {
    options = options || {};
    var sub = this.subscriptions[address];
    if (!sub) {
      sub = this.subscriptions[address] = {
        handlers: [], channel: CHANNEL.test(address), ids: [],
        last: typeof options.since === 'number' ? options.since : -1, onReload: options.onReload
      };
      if (this.status === 'open') { this._register(address); }
    }
    sub.handlers.push(handler);
  };

  Bus.prototype.unsubscribe = function (address) {
    var sub = this.subscriptions[address];
    delete this.subscriptions[address];
    if (sub && sub.listener && this.status === 'open') { this.eb.unregisterHandler(address, sub.listener); }
  };

  /** The last sequence number seen on a channel address (-1: none yet). */
  Bus.prototype.lastSeq = function (address) {
    var sub = this.subscriptions[address];
    return sub ? sub.last : -1;
  };

  /** A random key (128 bits, hex): crypto.randomUUID exists only on https and localhost pages. */
  function newKey() {
    var bytes = new Uint8Array(16);
    root.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b < 16 ? '0' : '') + b.toString(16); }).join('');
  }

  Bus.prototype.send = function (address, body, callback, options) {
    options = options || {};
    if (this.status !== 'open') {
      if (callback) { callback({failureCode: 503, failureType: 'NOT_CONNECTED', message: 'not connected'}); }
      return;
    }
    var headers = {};
    if (options.idempotencyKey || options.idempotent) {
      headers['idempotency-key'] = options.idempotencyKey || newKey();
    }
    this.eb.send(address, body, headers,
      callback ? function (err, reply) { callback(err, reply && reply.body); } : undefined);
  };

  Bus.prototype.publish = function (address, body) {
    if (this.status === 'open') { this.eb.publish(address, body); }
  };

  Bus.prototype.close = function () {
    this.closedByApp = true;
    clearTimeout(this.timer);
    if (this.eb) { this.eb.close(); }
    this._setStatus('closed');
  };

  root.Squall = {
    connect: function (url, options) { return new Bus(url, options); }
  };
})(typeof window !== 'undefined' ? window : this);
