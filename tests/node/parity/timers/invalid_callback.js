try { setTimeout('code'); } catch (e) { console.log(e.code, e.name); }
try { setImmediate(null); } catch (e) { console.log(e.code); }
