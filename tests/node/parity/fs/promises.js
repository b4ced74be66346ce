const fsp = require('fs/promises');
const fs = require('fs');
const dir = '/tmp/parity-fs-promises';
(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
  await fsp.mkdir(`${dir}/sub`, { recursive: true });
  await fsp.writeFile(`${dir}/sub/f.txt`, 'promised');
  await fsp.appendFile(`${dir}/sub/f.txt`, ' data');
  console.log(await fsp.readFile(`${dir}/sub/f.txt`, 'utf8'), (await fsp.stat(`${dir}/sub`)).isDirectory());
  console.log(await fsp.readdir(dir), (await fsp.readdir(dir, { withFileTypes: true }))[0].isDirectory());
  const fh = await fsp.open(`${dir}/sub/f.txt`, 'r+');
  const { bytesRead, buffer } = await fh.read(Buffer.alloc(8), 0, 8, 0);
  console.log(typeof fh.fd, bytesRead, buffer.toString(), (await fh.stat()).size);
  await fh.write('P', 0);
  await fh.close();
  console.log(await fsp.readFile(`${dir}/sub/f.txt`, 'utf8'));
  try { await fsp.readFile(`${dir}/nope`); } catch (e) { console.log(e.code, e.syscall, e.message.replace(dir, '<dir>')); }
  try { await fsp.access(`${dir}/nope`); } catch (e) { console.log(e.code, e.syscall); }
  await fsp.rename(`${dir}/sub/f.txt`, `${dir}/g.txt`);
  await fsp.unlink(`${dir}/g.txt`);
  await fsp.rm(dir, { recursive: true });
  console.log(fs.existsSync(dir), fsp === fs.promises, typeof fsp.constants.O_RDONLY);
})();
