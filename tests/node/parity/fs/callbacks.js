const fs = require('fs');
const dir = '/tmp/parity-fs-callbacks';
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdir(dir, (err) => {
  console.log('mkdir', err);
  fs.writeFile(`${dir}/a.txt`, 'content', (err2) => {
    console.log('writeFile', err2);
    fs.readFile(`${dir}/a.txt`, 'utf8', (err3, data) => {
      console.log('readFile', err3, data);
      fs.stat(`${dir}/a.txt`, (err4, st) => {
        console.log('stat', err4, st.size);
        fs.readdir(dir, (err5, names) => {
          console.log('readdir', err5, names);
          fs.readFile(`${dir}/missing`, (err6) => {
            console.log('missing', err6.code, err6.syscall);
            fs.exists(dir, (exists) => {
              console.log('exists', exists);
              fs.rm(dir, { recursive: true }, (err7) => console.log('rm', err7, fs.existsSync(dir)));
            });
          });
        });
      });
    });
  });
});
try { fs.readFile('/x'); } catch (e) { console.log(e.code, e.message); }
