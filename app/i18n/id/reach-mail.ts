// Isu 15, mail: setiap kata di bagian ini.
export const idReachMail = {
};
